// The storage account: the app's tables (created by the app on first use), its queues, the Functions host's blobs
// and the Flex Consumption deployment container. Replaces the verified module avm/res/storage/storage-account 0.8.3
// with its locked-down defaults kept (TLS 1.2, HTTPS only, no public blob access, infrastructure encryption, blob and
// container soft delete) and tightened: no shared keys at all (identity only, so Entra RBAC decides every data-plane
// call: infra/modules/rbac.bicep, checked against infra/storage-data-plane.json), no SFTP local users, no
// cross-tenant replication. Each service sends its logs and metrics to Log Analytics.

import { Tags } from 'types.bicep'

@description('Name of the storage account (3-24 lowercase letters and digits, globally unique).')
param name string

@description('Region of the account.')
param location string = resourceGroup().location

@description('Tags of the account.')
param tags Tags = {}

@description('Blob container the Flex Consumption app is deployed from.')
param deploymentContainerName string

@description('Resource id of the Log Analytics workspace the diagnostic settings send to.')
param workspaceId string

// The queue triggers' queues and the poison queues the Functions host moves a message to after maxDequeueCount
// (5) failed runs. The host creates a missing poison queue itself; declaring them keeps the inventory in one place.
var queueNames = [
  'outbox'
  'outbox-poison'
  'invitation-batches'
  'invitation-batches-poison'
  'sms-outbox'
  'sms-outbox-poison'
  'account-emails'
  'account-emails-poison'
  'reset-requests'
  'reset-requests-poison'
]

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_GRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false // Identity only: the host, the app and the Flex deployment all use the managed identity.
    defaultToOAuthAuthentication: true
    dnsEndpointType: 'Standard'
    isLocalUserEnabled: false
    isSftpEnabled: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled' // The Flex app is not VNet-integrated here: see docs/deployment.md, hardening.
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: true
      services: {
        blob: {
          enabled: true
        }
        file: {
          enabled: true
        }
        queue: {
          enabled: true
          keyType: 'Account'
        }
        table: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

// The tables' daily backups (function BackupTables, `npm run tables`; docs/runbook.md): one folder per backup, deleted
// by the lifecycle rule below once older than the retention. Table Storage has no point-in-time restore.
var tableBackupContainerName = 'table-backups'
var tableBackupRetentionDays = 35

resource tableBackupContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: tableBackupContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-old-table-backups'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${tableBackupContainerName}/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: tableBackupRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {}
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
    properties: {}
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {}
}

// Data-plane logs (every read, write and delete, with the caller's identity and the status: a 403 from a missing
// role shows here) and transaction metrics, for each service the app uses.
var storageLogs = [
  {
    category: 'StorageRead'
    enabled: true
  }
  {
    category: 'StorageWrite'
    enabled: true
  }
  {
    category: 'StorageDelete'
    enabled: true
  }
]
var storageMetrics = [
  {
    category: 'Transaction'
    enabled: true
  }
]

resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: blobService
  properties: {
    workspaceId: workspaceId
    logs: storageLogs
    metrics: storageMetrics
  }
}

resource queueDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: queueService
  properties: {
    workspaceId: workspaceId
    logs: storageLogs
    metrics: storageMetrics
  }
}

resource tableDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: tableService
  properties: {
    workspaceId: workspaceId
    logs: storageLogs
    metrics: storageMetrics
  }
}

@description('Name of the storage account.')
output name string = account.name

@description('Blob endpoint, e.g. https://<name>.blob.core.windows.net/.')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('Queues declared here (the app\'s queue triggers and their poison queues).')
output queueNames string[] = [for (queueName, i) in queueNames: queues[i].name]
