// The Flex Consumption plan and function app (Linux, Node.js), after the quickstart's infra/app/api.bicep. Replaces
// the verified modules avm/res/web/serverfarm 0.1.1 and avm/res/web/site 0.15.1 with plain declarations:
// - deployment package in a blob container, read with the user-assigned identity;
// - HTTPS only, TLS 1.2 minimum (also for the SCM site), FTP disabled, basic-auth publishing (FTP and SCM) disabled:
//   azd deploys with an Entra token;
// - keyVaultReferenceIdentity is the user-assigned identity (the Key Vault references in the settings);
// - app settings are written by a separate sites/config resource, because PUBLIC_BASE_URL needs the site's own
//   default host name (passing it in the site's siteConfig would be a circular reference);
// - the function logs go to Log Analytics through a diagnostic setting.

import { Tags, AppSettings } from 'types.bicep'

@description('Name of the function app (globally unique host name).')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Region of the plan and the app.')
param location string = resourceGroup().location

@description('Tags of the plan and the app.')
param tags Tags = {}

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Client id of the user-assigned managed identity.')
param identityClientId string

@description('Blob endpoint of the storage account, ending with /.')
param storageBlobEndpoint string

@description('Blob container of the deployment package.')
param deploymentStorageContainerName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Resource id of the Log Analytics workspace.')
param workspaceId string

@description('Node.js major version of the runtime.')
param nodeVersion string

@description('Memory of each instance, in MB.')
param instanceMemoryMB int

@description('Upper bound of instances the app scales out to.')
param maximumInstanceCount int

@description('Custom host name bound outside this template; empty: the default host name.')
param customHostname string = ''

@description('Application settings except PUBLIC_BASE_URL and the Application Insights ones, which are added here.')
param appSettings AppSettings

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux.
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': 'api'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identityId
    publicNetworkAccess: 'Enabled'
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentStorageContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'node'
        version: nodeVersion
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

var publicHost = empty(customHostname) ? site.properties.defaultHostName : customHostname

// The whole set of settings: this resource replaces whatever the app had.
resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, {
    PUBLIC_BASE_URL: 'https://${publicHost}'
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  })
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'FunctionAppLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

@description('Name of the function app.')
output name string = site.name

@description('Resource id of the function app.')
output resourceId string = site.id

@description('Default host name of the function app.')
output defaultHostname string = site.properties.defaultHostName

@description('PUBLIC_BASE_URL as set on the app.')
output publicBaseUrl string = 'https://${publicHost}'
