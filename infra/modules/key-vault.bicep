// Key Vault (RBAC authorization) holding what the app cannot get through its managed identity: the certificates the
// MSAL clients authenticate to Entra with (`client-app-certificate`, `console-app-certificate`) and the session keys.
// App settings reference them with @Microsoft.KeyVault(SecretUri=...) without a version, so a new version is picked up
// on the next refresh (App Service re-reads references at least every 24 hours, and at once on a restart or a settings
// change). A certificate is referenced through its addressable secret (same name): with the PEM content type
// (application/x-pem-file) its value is the private key and the certificate, what the app reads.
//
// The certificates are not created here: ops create them in the vault (`az keyvault certificate create` with a PEM
// policy, the private key never leaving the vault but through the reference) and upload their public part to the app
// registrations (docs/deployment.md, "Certificates"). No client secret is written anywhere.
//
// Names use dashes: Key Vault allows only letters, digits and '-' (no '_').
// The session keys are written only when the parameter is non-empty, so a deployment without the value leaves the
// secret as it is (rotated with `az keyvault secret set`, see docs/deployment.md) instead of overwriting it.

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
@description('Value of SESSION_KEYS; empty: keep the current secret.')
param sessionKeys string = ''

@secure()
@description('Value of TWO_STEP_KEYS; empty: keep the current secret.')
param twoStepKeys string = ''

// Certificates created by ops (PEM content type); their addressable secrets carry the same names.
var clientAppCertificateName = 'client-app-certificate'
var consoleAppCertificateName = 'console-app-certificate'
var sessionKeysName = 'session-keys'
var twoStepKeysName = 'two-step-keys'

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

resource sessionKeysValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(sessionKeys)) {
  parent: vault
  name: sessionKeysName
  properties: {
    value: sessionKeys
    contentType: 'text/plain; comma-separated base64 keys, the first one signs'
  }
}

resource twoStepKeysValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(twoStepKeys)) {
  parent: vault
  name: twoStepKeysName
  properties: {
    value: twoStepKeys
    contentType: 'text/plain; comma-separated base64 keys, the first one seals'
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
@description('Versionless URI of the secret of the certificate CLIENT_APP_CERTIFICATE reads (PEM: key and certificate).')
output clientAppCertificateUri string = '${vault.properties.vaultUri}secrets/${clientAppCertificateName}'

@description('Versionless URI of the SESSION_KEYS secret.')
output sessionKeysUri string = '${vault.properties.vaultUri}secrets/${sessionKeysName}'

@description('Versionless URI of the TWO_STEP_KEYS secret.')
output twoStepKeysUri string = '${vault.properties.vaultUri}secrets/${twoStepKeysName}'

@description('Versionless URI of the secret of the certificate CONSOLE_APP_CERTIFICATE reads (PEM: key and certificate).')
output consoleAppCertificateUri string = '${vault.properties.vaultUri}secrets/${consoleAppCertificateName}'
