// Deployment of the client invitation and onboarding service: one Flex Consumption function app and what it uses.
// Shape taken from Azure-Samples/functions-quickstart-typescript-azd: subscription scope, one resource group, pinned
// Azure Verified Modules where the quickstart uses them, a user-assigned managed identity, identity-based settings
// and no connection strings or keys in app settings. Resources the quickstart has no module for (Communication
// Services, Key Vault, role assignments) are plain resource declarations with explicit API versions.
//
// NOT COMPILED where it was written (no Bicep CLI on that machine and no way to download one). Before the first
// deployment run `az bicep build --file infra/main.bicep` (or `azd provision --preview`) and fix what it reports.
// How to deploy, and which Entra app registrations must exist first: docs/deployment.md.
targetScope = 'subscription'

// ---------------------------------------------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------------------------------------------

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; seeds the names of every resource.')
param environmentName string

@minLength(1)
@description('Region of the regional resources. Flex Consumption is not offered everywhere: see `az functionapp list-flexconsumption-locations`.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Name of the resource group; empty: rg-<environmentName>.')
param resourceGroupName string = ''

@description('Object id of whoever runs the deployment. Given Key Vault Secrets Officer on the vault so it can rotate secrets. Empty: no grant.')
param principalId string = deployer().objectId

@description('Kind of principal principalId is (a person, or a pipeline\'s service principal).')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

// ---------------------------------------------------------------------------------------------------------------
// Application settings (one parameter per key of the zod schema in shared/config.ts that is not derived here)
// ---------------------------------------------------------------------------------------------------------------

@minLength(36)
@maxLength(36)
@description('WORKFORCE_TENANT_ID: tenant id of the professionals\' (workforce) tenant.')
param workforceTenantId string

@description('WORKFORCE_AUTHORITY_HOST: authority host of the workforce tenant.')
param workforceAuthorityHost string = 'https://login.microsoftonline.com'

@minLength(36)
@maxLength(36)
@description('API_APP_ID: application (client) id of the API app registration in the workforce tenant; v2.0 access tokens carry it in aud.')
param apiAppId string

@description('API_AUDIENCE: Application ID URI(s) of the API, comma-separated, also accepted as aud. Empty: api://<apiAppId>.')
param apiAudience string = ''

@minLength(36)
@maxLength(36)
@description('CLIENT_TENANT_ID: tenant id of the External ID (customer) tenant of the clients.')
param clientTenantId string

@minLength(1)
@description('CLIENT_AUTHORITY: https://<subdomain>.ciamlogin.com/<client tenant id>.')
param clientAuthority string

@minLength(36)
@maxLength(36)
@description('CLIENT_APP_ID: application (client) id of the client-facing app registration in the External ID tenant.')
param clientAppId string

@secure()
@description('CLIENT_APP_SECRET: a client secret of that app registration. Written to Key Vault when given; empty: the vault keeps what it has.')
param clientAppSecret string = ''

@secure()
@description('SESSION_KEYS: comma-separated base64 keys of at least 32 bytes. Written to Key Vault when given; empty: the vault keeps what it has.')
param sessionKeys string = ''

@minLength(1)
@description('SMS_SENDER: an E.164 number bought on the Communication Services resource, or an approved alphanumeric sender id.')
param smsSender string

@minLength(1)
@description('EMAIL_SENDER_NAME: display name of the email sender.')
param emailSenderName string = 'My rConnect'

@description('GRAPH_BASE_URL: Microsoft Graph base URL.')
param graphBaseUrl string = 'https://graph.microsoft.com'

@allowed([
  'debug'
  'info'
  'warn'
  'error'
])
@description('LOG_LEVEL of the application.')
param logLevel string = 'info'

@description('Custom host name the service is reached at (bound to the function app outside this template). Empty: the app\'s default host name.')
param customHostname string = ''

// ---------------------------------------------------------------------------------------------------------------
// Email and SMS
// ---------------------------------------------------------------------------------------------------------------

@description('Where Communication Services and the Email service keep data at rest (both must match to be linked).')
param communicationDataLocation string = 'Europe'

@description('Custom email domain, e.g. mail.example.com. Empty: only the Azure-managed domain (low sending limits, for trials).')
param emailCustomDomain string = ''

@description('Set to true once the custom domain\'s DNS records are verified: the domain is then linked and used as sender.')
param emailCustomDomainVerified bool = false

// ---------------------------------------------------------------------------------------------------------------
// Function app
// ---------------------------------------------------------------------------------------------------------------

@allowed([
  '20'
  '22'
])
@description('Node.js major version of the Flex Consumption runtime.')
param nodeVersion string = '20'

@allowed([
  512
  2048
  4096
])
@description('Memory of each instance, in MB.')
param instanceMemoryMB int = 2048

@minValue(1)
@maxValue(1000)
@description('Upper bound of instances the app scales out to (also bounds cost and the load put on ACS and storage).')
param maximumInstanceCount int = 100

// ---------------------------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------------------------

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = 'func-api-${resourceToken}'
var deploymentStorageContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'

// 'https://x.ciamlogin.com/<tenant>' split on '/' is ['https:', '', 'x.ciamlogin.com', '<tenant>'].
var clientAuthorityHost = split(clientAuthority, '/')[2]

resource rg 'Microsoft.Resources/resourceGroups@2021-04-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

// ---------------------------------------------------------------------------------------------------------------
// Identity, storage, monitoring, plan (Azure Verified Modules, versions as pinned by the quickstart)
// ---------------------------------------------------------------------------------------------------------------

// The one identity the app uses for everything: storage (host and app), ACS, Key Vault references, App Insights.
module apiIdentity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.1' = {
  name: 'apiUserAssignedIdentity'
  scope: rg
  params: {
    name: 'id-api-${resourceToken}'
    location: location
    tags: tags
  }
}

// Tables (created by the app on first use), the outbox queues and the Flex deployment container.
module storage 'br/public:avm/res/storage/storage-account:0.8.3' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false // Identity only: the host, the app and the Flex deployment all use the managed identity.
    dnsEndpointType: 'Standard'
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    blobServices: {
      containers: [
        {
          name: deploymentStorageContainerName
        }
      ]
    }
    queueServices: {
      queues: [
        {
          name: 'outbox'
        }
        {
          name: 'outbox-poison'
        }
      ]
    }
  }
}

module logAnalytics 'br/public:avm/res/operational-insights/workspace:0.11.1' = {
  name: '${uniqueString(deployment().name, location)}-loganalytics'
  scope: rg
  params: {
    name: 'log-${resourceToken}'
    location: location
    tags: tags
    dataRetention: 30
  }
}

module monitoring 'br/public:avm/res/insights/component:0.6.0' = {
  name: '${uniqueString(deployment().name, location)}-appinsights'
  scope: rg
  params: {
    name: 'appi-${resourceToken}'
    location: location
    tags: tags
    workspaceResourceId: logAnalytics.outputs.resourceId
    disableLocalAuth: true // Telemetry is sent with the managed identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
  }
}

module appServicePlan 'br/public:avm/res/web/serverfarm:0.1.1' = {
  name: 'appserviceplan'
  scope: rg
  params: {
    name: 'plan-${resourceToken}'
    sku: {
      name: 'FC1'
      tier: 'FlexConsumption'
    }
    reserved: true
    location: location
    tags: tags
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Communication Services, Key Vault, role assignments (plain resources)
// ---------------------------------------------------------------------------------------------------------------

module communication 'modules/communication.bicep' = {
  name: 'communication'
  scope: rg
  params: {
    communicationServiceName: 'acs-${resourceToken}'
    emailServiceName: 'ecs-${resourceToken}'
    dataLocation: communicationDataLocation
    customDomain: emailCustomDomain
    customDomainVerified: emailCustomDomainVerified
    tags: tags
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    clientAppSecret: clientAppSecret
    sessionKeys: sessionKeys
  }
}

// Every permission the identity holds, in one place.
module rbac 'modules/rbac.bicep' = {
  name: 'rbacAssignments'
  scope: rg
  params: {
    identityPrincipalId: apiIdentity.outputs.principalId
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.name
    keyVaultName: keyVault.outputs.name
    communicationServiceName: communication.outputs.name
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Function app
// ---------------------------------------------------------------------------------------------------------------

// Exactly the keys of the settings schema (shared/config.ts), in their identity-based form, plus
// AzureWebJobsStorage__credential for the host. PUBLIC_BASE_URL and the Application Insights settings are added by
// the module, which knows the app's host name. No FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_EXTENSION_VERSION: Flex
// Consumption takes the runtime from functionAppConfig and refuses those settings.
var appSettings = {
  AzureWebJobsStorage__accountName: storage.outputs.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: apiIdentity.outputs.clientId
  ACS_ENDPOINT: communication.outputs.endpoint
  EMAIL_SENDER_ADDRESS: communication.outputs.senderAddress
  EMAIL_SENDER_NAME: emailSenderName
  SMS_SENDER: smsSender
  WORKFORCE_TENANT_ID: workforceTenantId
  WORKFORCE_AUTHORITY_HOST: workforceAuthorityHost
  API_APP_ID: apiAppId
  API_AUDIENCE: apiAudience
  CLIENT_TENANT_ID: clientTenantId
  CLIENT_AUTHORITY: clientAuthority
  CLIENT_APP_ID: clientAppId
  CLIENT_APP_SECRET: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.clientAppSecretUri})'
  GRAPH_BASE_URL: graphBaseUrl
  ENTRA_KNOWN_AUTHORITIES: clientAuthorityHost
  SESSION_KEYS: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.sessionKeysUri})'
  LOG_LEVEL: logLevel
}

module api 'modules/function-app.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    location: location
    tags: tags
    appServicePlanId: appServicePlan.outputs.resourceId
    identityId: apiIdentity.outputs.resourceId
    identityClientId: apiIdentity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentStorageContainerName: deploymentStorageContainerName
    applicationInsightsName: monitoring.outputs.name
    nodeVersion: nodeVersion
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    customHostname: customHostname
    appSettings: appSettings
  }
  // The roles must exist before the app first reads storage, Key Vault and ACS with its identity.
  dependsOn: [
    rbac
  ]
}

// ---------------------------------------------------------------------------------------------------------------
// Outputs (UPPER_SNAKE: azd writes them to the environment's .env)
// ---------------------------------------------------------------------------------------------------------------

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_HOSTNAME string = api.outputs.defaultHostname
output SERVICE_API_PUBLIC_BASE_URL string = api.outputs.publicBaseUrl
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output ACS_ENDPOINT string = communication.outputs.endpoint
output EMAIL_SENDER_ADDRESS string = communication.outputs.senderAddress
