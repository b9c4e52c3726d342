// Every role the app's user-assigned managed identity holds, each scoped to the one resource it is for, plus the
// deployer's right to rotate secrets and, optionally, to manage providers (`npm run provider -- … --azure`).
// infra/storage-data-plane.json lists each storage operation the app and the Functions host perform, the RBAC action
// it needs and the actions of the storage roles below; a test checks the roles grant them all.
// One assignment per role, named guid(scope, identity name or deployer id, role) so redeployments
// are idempotent (the quickstart's rbac.bicep pattern). Role GUIDs are built-in role ids, the same in every tenant.

@description('Principal (object) id of the app\'s user-assigned managed identity.')
param identityPrincipalId string

@description('Name of that identity: the assignments\' names derive from it, known before the deployment runs.')
param identityName string

@description('Name of the storage account.')
param storageAccountName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Name of the vault.')
param keyVaultName string

@description('Name of the Communication Services resource.')
param communicationServiceName string

@description('Object id of whoever runs the deployment; empty: no grant.')
param deployerPrincipalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
@description('Kind of principal deployerPrincipalId is.')
param deployerPrincipalType string = 'User'

@description('Give the deployer Storage Table Data Contributor on the storage account, for the ops command `npm run provider -- … --azure` (shared keys are disabled, so the operator\'s Entra identity needs a data role).')
param deployerManagesProviders bool = false

// Storage Blob Data Owner: the host's blob leases and the Flex deployment package (the Functions docs ask for
// Owner, not Contributor, when AzureWebJobsStorage uses an identity).
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
// Storage Queue Data Contributor: the outbox queue trigger, its poison queue, and the app's enqueues.
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
// Storage Table Data Contributor: every table of the app (created by the app on first use).
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
// Monitoring Metrics Publisher: send telemetry to an Application Insights resource whose local auth is disabled.
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'
// Key Vault Secrets User: read secret values (the app settings' Key Vault references).
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
// Key Vault Secrets Officer: write secret values (the deployer, for rotation).
var keyVaultSecretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
// Communication and Email Service Owner: the built-in role Microsoft documents for Entra-authenticated sending
// through an ACS resource (Email REST/SMTP). ACS has no data-plane "sender" role; this one covers the
// Microsoft.Communication provider only, far narrower than Contributor, which older ACS docs used. Scoped to this
// one ACS resource. Check its actions with `az role definition list --name "Communication and Email Service Owner"`.
// If SMS sends are ever refused with 403 under it, the fallback is Contributor scoped to the same resource
// (b24988ac-6180-42a0-ab88-20f7382dd24c).
var communicationAndEmailServiceOwner = '09976791-48a7-449e-bb21-39d1a415f350'

resource storageAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource communicationService 'Microsoft.Communication/communicationServices@2023-04-01' existing = {
  name: communicationServiceName
}

resource blobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, identityName, storageBlobDataOwner)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwner)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource queueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, identityName, storageQueueDataContributor)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributor)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource tableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, identityName, storageTableDataContributor)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource telemetryPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identityName, monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identityName, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource communicationSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communicationService.id, identityName, communicationAndEmailServiceOwner)
  scope: communicationService
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', communicationAndEmailServiceOwner)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource deployerSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(vault.id, deployerPrincipalId, keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficer)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}

resource deployerTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId) && deployerManagesProviders) {
  name: guid(storageAccount.id, deployerPrincipalId, storageTableDataContributor)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}
