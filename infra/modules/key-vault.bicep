// Key Vault (RBAC authorization) holding the two secrets the app cannot get through its managed identity:
// the client secret of the External ID app registration and the session keys. App settings reference them with
// @Microsoft.KeyVault(SecretUri=...) without a version, so a new secret version is picked up on the next refresh
// (App Service re-reads references at least every 24 hours, and at once on a restart or a settings change).
//
// Secret names use dashes: Key Vault allows only letters, digits and '-' (no '_').
// A secret is written only when its parameter is non-empty, so a deployment without the values leaves the secrets
// as they are (rotated with `az keyvault secret set`, see docs/deployment.md) instead of overwriting them.

import { Tags } from 'types.bicep'

@description('Name of the vault (3-24 characters, globally unique).')
param name string

@description('Region of the vault.')
param location string = resourceGroup().location

@description('Tags of the vault.')
param tags Tags = {}

@description('Resource id of the Log Analytics workspace the audit log goes to.')
param workspaceId string

@secure()
@description('Value of CLIENT_APP_SECRET; empty: keep the current secret.')
param clientAppSecret string = ''

@secure()
@description('Value of SESSION_KEYS; empty: keep the current secret.')
param sessionKeys string = ''

@secure()
@description('Value of CONSOLE_APP_SECRET; empty: keep the current secret.')
param consoleAppSecret string = ''

var clientAppSecretName = 'client-app-secret'
var sessionKeysName = 'session-keys'
var consoleAppSecretName = 'console-app-secret'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true // Access through role assignments only (modules/rbac.bicep), no access policies.
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    publicNetworkAccess: 'Enabled' // The Flex app is not VNet-integrated here; see docs/deployment.md for hardening.
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource clientAppSecretValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(clientAppSecret)) {
  parent: vault
  name: clientAppSecretName
  properties: {
    value: clientAppSecret
    contentType: 'text/plain'
  }
}

resource sessionKeysValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(sessionKeys)) {
  parent: vault
  name: sessionKeysName
  properties: {
    value: sessionKeys
    contentType: 'text/plain; comma-separated base64 keys, the first one signs'
  }
}

resource consoleAppSecretValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(consoleAppSecret)) {
  parent: vault
  name: consoleAppSecretName
  properties: {
    value: consoleAppSecret
    contentType: 'text/plain'
  }
}

// Who read or wrote which secret, and when.
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
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

@description('Name of the vault.')
output name string = vault.name

// vaultUri ends with '/'. Versionless secret URIs: the latest version is used.
@description('Versionless URI of the CLIENT_APP_SECRET secret.')
output clientAppSecretUri string = '${vault.properties.vaultUri}secrets/${clientAppSecretName}'

@description('Versionless URI of the SESSION_KEYS secret.')
output sessionKeysUri string = '${vault.properties.vaultUri}secrets/${sessionKeysName}'

@description('Versionless URI of the CONSOLE_APP_SECRET secret.')
output consoleAppSecretUri string = '${vault.properties.vaultUri}secrets/${consoleAppSecretName}'
