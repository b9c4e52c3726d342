// Deployment of the client invitation and onboarding service: one Flex Consumption function app and what it uses.
// Shape taken from Azure-Samples/functions-quickstart-typescript-azd: subscription scope, one resource group, a
// user-assigned managed identity, identity-based settings and no connection strings or keys in app settings. Every
// resource is declared here or in infra/modules (no registry modules: the compiler runs offline), keeping what the
// verified modules the quickstart uses gave: the identity, diagnostics to Log Analytics, locked-down defaults.
//
// Compiled and linted by `npm run infra:check` (Bicep CLI pinned in infra/tools/bicep.csproj, every analyzer rule an
// error: bicepconfig.json). How to deploy, and which Entra app registrations must exist first: docs/deployment.md.
targetScope = 'subscription'

import { DnsRecordToPublish } from 'modules/types.bicep'

// ---------------------------------------------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------------------------------------------

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; seeds the names of every resource.')
param environmentName string

@minLength(1)
@description('Region of the regional resources, all of which hold personal data (docs/privacy.md): an EU region unless allowNonEuLocation. Flex Consumption is not offered everywhere: see `az functionapp list-flexconsumption-locations`.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string = 'francecentral'

@description('Allow a region (location) or a Communication Services data location outside the European Union. Personal data would then be stored there: say so in docs/privacy.md first.')
param allowNonEuLocation bool = false

// The Azure regions in EU member states (Norway, Switzerland and the UK are not in the EU).
var euLocations = [
  'westeurope'
  'northeurope'
  'francecentral'
  'francesouth'
  'germanywestcentral'
  'germanynorth'
  'swedencentral'
  'swedensouth'
  'italynorth'
  'polandcentral'
  'spaincentral'
  'austriaeast'
  'belgiumcentral'
]
// Communication Services data locations inside the EU.
var euDataLocations = [
  'Europe'
  'France'
  'Germany'
]

// Every regional resource takes this: the location, refused (the deployment fails before anything is created) when it
// is outside the EU and allowNonEuLocation is false.
var regionalLocation = allowNonEuLocation || contains(euLocations, toLower(location))
  ? location
  : fail('location ${location} is outside the EU; personal data must stay in the EU (docs/privacy.md). Choose an EU region, or set allowNonEuLocation.')

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

@description('Give principalId Storage Table Data Contributor on the storage account, so it can run `npm run provider -- … --azure`.')
param deployerManagesProviders bool = false

// ---------------------------------------------------------------------------------------------------------------
// Application settings (one parameter per key of the zod schema in shared/config.ts that is not derived here)
// ---------------------------------------------------------------------------------------------------------------

@minLength(36)
@maxLength(36)
@description('WORKFORCE_TENANT_ID: tenant id of the professionals\' (workforce) tenant.')
param workforceTenantId string

@description('WORKFORCE_AUTHORITY_HOST: authority host of the workforce tenant. Empty: the cloud\'s login endpoint (https://login.microsoftonline.com in Azure\'s public cloud).')
param workforceAuthorityHost string = ''

@minLength(36)
@maxLength(36)
@description('API_APP_ID: application (client) id of the API app registration in the workforce tenant; v2.0 access tokens carry it in `aud`.')
param apiAppId string

@description('API_AUDIENCE: Application ID URI(s) of the API, comma-separated, also accepted as `aud`. Empty: the app uses api://<apiAppId>.')
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

@description('CONSOLE_APP_ID: application (client) id of the console\'s app registration in the workforce tenant (redirect URI <host>/api/console/callback, app roles Invitations.Send and Clients.Manage assigned to professionals). Empty: the console is off.')
param consoleAppId string = ''

@secure()
@description('SESSION_KEYS: comma-separated base64 keys of at least 32 bytes. Written to Key Vault when given; empty: the vault keeps what it has.')
param sessionKeys string = ''

@secure()
@description('TWO_STEP_KEYS: comma-separated base64 keys of at least 32 bytes sealing the clients\' two-step secrets. Written to Key Vault when given; empty: the vault keeps what it has.')
param twoStepKeys string = ''

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

@description('RETENTION_DRY_RUN: true makes the retention job (ApplyRetention, docs/privacy.md) only count what it would anonymize or delete.')
@allowed([
  'true'
  'false'
])
param retentionDryRun string = 'false'

@description('MOBILE_APP_MINIMUM_VERSION: the oldest mobile app version still served (older apps get 426 update-required).')
param mobileAppMinimumVersion string = '1.0.0'

@description('MOBILE_APP_LATEST_VERSION: the latest published mobile app version (GET /api/app-config).')
param mobileAppLatestVersion string = '1.0.0'

@description('MOBILE_APP_STORE_URL_IOS: the app\'s App Store page, sent with 426 update-required and linked from the sign-in start page. Empty: none.')
param mobileAppStoreUrlIos string = ''

@description('MOBILE_APP_STORE_URL_ANDROID: the app\'s Google Play page, sent with 426 update-required and linked from the sign-in start page. Empty: none.')
param mobileAppStoreUrlAndroid string = ''

@description('Custom host name the service is reached at (bound to the function app outside this template). Empty: the app\'s default host name.')
param customHostname string = ''

// ---------------------------------------------------------------------------------------------------------------
// Email and SMS
// ---------------------------------------------------------------------------------------------------------------

@description('Where Communication Services and the Email service keep data at rest (both must match to be linked): Europe, France or Germany unless allowNonEuLocation.')
param communicationDataLocation string = 'Europe'

var euCommunicationDataLocation = allowNonEuLocation || contains(euDataLocations, communicationDataLocation)
  ? communicationDataLocation
  : fail('communicationDataLocation ${communicationDataLocation} is outside the EU; choose Europe, France or Germany, or set allowNonEuLocation.')

@description('Custom email domain, e.g. mail.example.com. Empty: only the Azure-managed domain (low sending limits, for trials).')
param emailCustomDomain string = ''

@description('Set to true once the custom domain\'s DNS records are verified: the domain is then linked and used as sender.')
param emailCustomDomainVerified bool = false

@description('Azure DNS zone holding emailCustomDomain (e.g. example.com for mail.example.com): the domain\'s verification, SPF, DKIM and DMARC records are declared in it. Empty: none declared; the output EMAIL_DNS_RECORDS lists them for whoever manages the zone.')
param emailDnsZoneName string = ''

@description('Resource group of emailDnsZoneName, in this subscription. Empty: the deployment\'s resource group.')
param emailDnsZoneResourceGroup string = ''

@description('The DMARC policy published at _dmarc.<emailCustomDomain> (ACS gives no DMARC record). Empty: `v=DMARC1; p=quarantine; pct=100`. Add `rua=mailto:<address>` to receive aggregate reports.')
param emailDmarcPolicy string = ''

@minValue(0)
@description('EMAIL_QUOTA_PER_MINUTE (azd: EMAIL_RAISED_QUOTA_PER_MINUTE) once Microsoft has raised the domain\'s limits. 0: the default limit of the domain kind (custom 30, Azure-managed 5).')
param emailQuotaPerMinute int = 0

@minValue(0)
@description('EMAIL_QUOTA_PER_HOUR (azd: EMAIL_RAISED_QUOTA_PER_HOUR) once Microsoft has raised the domain\'s limits. 0: the default limit of the domain kind (custom 100, Azure-managed 10).')
param emailQuotaPerHour int = 0

@minLength(2)
@description('SMS_COUNTRIES: the countries activation SMS may go to (ISO 3166-1 alpha-2, comma-separated); mobile numbers only.')
param smsCountries string = 'FR,BE,CH,LU,MC,CA,GP,MQ,GF,RE,YT,PM,BL,MF,WF,PF,NC'

@minValue(1)
@description('SMS_DAILY_BUDGET: SMS the whole service may send in 24 h; beyond it SendActivationSms answers 503 and logs an alert.')
param smsDailyBudget int = 2000

@minValue(1)
@description('SMS_QUOTA_PER_MINUTE: the SMS sender\'s throughput the dispatcher paces to (600 a minute for an alphanumeric sender id).')
param smsQuotaPerMinute int = 600

@description('Subscribe the EmailDeliveryReport function to ACS delivery reports. Needs the function deployed: the azd postdeploy hook sets it after the first `azd deploy`.')
param emailDeliveryReports bool = false

// ---------------------------------------------------------------------------------------------------------------
// Alerts
// ---------------------------------------------------------------------------------------------------------------

@description('Email address of the on-call receiver of the action group ag-ops. Empty: the group has no receiver (alerts show in the portal only) until one is added.')
param alertEmail string = ''

// ---------------------------------------------------------------------------------------------------------------
// Function app
// ---------------------------------------------------------------------------------------------------------------

@allowed([
  '20'
  '22'
])
@description('Node.js major version of the Flex Consumption runtime (Node 20 left Functions support on 30 April 2026).')
param nodeVersion string = '22'

@allowed([
  512
  2048
  4096
])
@description('Memory of each instance, in MB.')
param instanceMemoryMB int = 2048

// The Node.js worker's old space: a quarter of the instance's memory (languageWorkers__node__arguments, below). Given a
// maximum, V8 collects garbage as on a machine of that size instead of letting the heap grow towards its own default
// (docs/decisions.md, "The worker's heap is sized to the instance").
var nodeHeapMB = instanceMemoryMB / 4

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
var identityName = 'id-api-${resourceToken}'
var storageAccountName = 'st${resourceToken}'
var applicationInsightsName = 'appi-${resourceToken}'
var keyVaultName = 'kv-${resourceToken}'
var communicationServiceName = 'acs-${resourceToken}'
var deploymentStorageContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'

// 'https://x.ciamlogin.com/<tenant>' split on '/' is ['https:', '', 'x.ciamlogin.com', '<tenant>'].
var clientAuthorityHost = split(clientAuthority, '/')[2]

// environment().authentication.loginEndpoint ends with '/'; the setting is a bare origin.
var cloudLoginEndpoint = environment().authentication.loginEndpoint
var workforceAuthority = !empty(workforceAuthorityHost)
  ? workforceAuthorityHost
  : (endsWith(cloudLoginEndpoint, '/') ? take(cloudLoginEndpoint, length(cloudLoginEndpoint) - 1) : cloudLoginEndpoint)

// ACS email sending limits per domain kind (service limits page, docs/decisions.md): a custom domain starts at
// 30 a minute and 100 an hour, the Azure-managed domain allows 5 and 10. The app paces bulk sends to these.
var emailCustomDomainLinked = !empty(emailCustomDomain) && emailCustomDomainVerified
var emailDefaultQuota = emailCustomDomainLinked
  ? {
      perMinute: 30
      perHour: 100
    }
  : {
      perMinute: 5
      perHour: 10
    }
var emailQuota = {
  perMinute: emailQuotaPerMinute > 0 ? emailQuotaPerMinute : emailDefaultQuota.perMinute
  perHour: emailQuotaPerHour > 0 ? emailQuotaPerHour : emailDefaultQuota.perHour
}

// The custom email domain relative to its DNS zone: '@' when it is the zone itself, 'mail' for mail.example.com in
// example.com; empty when no zone is given or the domain is not in it (then nothing is declared in DNS).
var emailDnsRelativeName = empty(emailDnsZoneName) || empty(emailCustomDomain)
  ? ''
  : (emailCustomDomain == emailDnsZoneName
      ? '@'
      : (endsWith(emailCustomDomain, '.${emailDnsZoneName}')
          ? take(emailCustomDomain, length(emailCustomDomain) - length(emailDnsZoneName) - 1)
          : ''))

// Mail that fails both SPF and DKIM alignment goes to spam rather than the inbox (docs/deployment.md, step 6).
var dmarcPolicy = empty(emailDmarcPolicy) ? 'v=DMARC1; p=quarantine; pct=100' : emailDmarcPolicy

resource rg 'Microsoft.Resources/resourceGroups@2021-04-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: regionalLocation
  tags: tags
}

// ---------------------------------------------------------------------------------------------------------------
// Identity, monitoring, storage, Communication Services, Key Vault, role assignments
// ---------------------------------------------------------------------------------------------------------------

module apiIdentity 'modules/identity.bicep' = {
  name: 'apiUserAssignedIdentity'
  scope: rg
  params: {
    name: identityName
    location: regionalLocation
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: regionalLocation
    tags: tags
    dataRetention: 30
  }
}

// Tables (created by the app on first use), the queues and their poison queues, the Flex deployment container.
module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: regionalLocation
    tags: tags
    deploymentContainerName: deploymentStorageContainerName
    workspaceId: monitoring.outputs.workspaceId
  }
}

module communication 'modules/communication.bicep' = {
  name: 'communication'
  scope: rg
  params: {
    communicationServiceName: communicationServiceName
    emailServiceName: 'ecs-${resourceToken}'
    dataLocation: euCommunicationDataLocation
    customDomain: emailCustomDomain
    customDomainVerified: emailCustomDomainVerified
    tags: tags
    workspaceId: monitoring.outputs.workspaceId
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: keyVaultName
    location: regionalLocation
    tags: tags
    sessionKeys: sessionKeys
    twoStepKeys: twoStepKeys
    workspaceId: monitoring.outputs.workspaceId
  }
}

// Every permission the identity holds, in one place.
module rbac 'modules/rbac.bicep' = {
  name: 'rbacAssignments'
  scope: rg
  params: {
    identityPrincipalId: apiIdentity.outputs.principalId
    identityName: identityName
    storageAccountName: storageAccountName
    applicationInsightsName: applicationInsightsName
    keyVaultName: keyVaultName
    communicationServiceName: communicationServiceName
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
    deployerManagesProviders: deployerManagesProviders
  }
  // Names are passed (known before the deployment runs); the resources must exist before they are assigned roles.
  dependsOn: [
    storage
    monitoring
    keyVault
    communication
  ]
}

// ---------------------------------------------------------------------------------------------------------------
// Function app
// ---------------------------------------------------------------------------------------------------------------

// Exactly the keys of the settings schema (shared/config.ts), in their identity-based form, plus
// AzureWebJobsStorage__credential for the host and languageWorkers__node__arguments for the Node.js worker. PUBLIC_BASE_URL and the Application Insights settings are added by
// the module, which knows the app's host name. No FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_EXTENSION_VERSION: Flex
// Consumption takes the runtime from functionAppConfig and refuses those settings.
var appSettings = {
  AzureWebJobsStorage__accountName: storage.outputs.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: apiIdentity.outputs.clientId
  ACS_ENDPOINT: communication.outputs.endpoint
  EMAIL_SENDER_ADDRESS: communication.outputs.senderAddress
  EMAIL_SENDER_NAME: emailSenderName
  EMAIL_QUOTA_PER_MINUTE: string(emailQuota.perMinute)
  EMAIL_QUOTA_PER_HOUR: string(emailQuota.perHour)
  SMS_SENDER: smsSender
  SMS_COUNTRIES: smsCountries
  SMS_DAILY_BUDGET: string(smsDailyBudget)
  SMS_QUOTA_PER_MINUTE: string(smsQuotaPerMinute)
  WORKFORCE_TENANT_ID: workforceTenantId
  WORKFORCE_AUTHORITY_HOST: workforceAuthority
  API_APP_ID: apiAppId
  API_AUDIENCE: apiAudience
  CLIENT_TENANT_ID: clientTenantId
  CLIENT_AUTHORITY: clientAuthority
  CLIENT_APP_ID: clientAppId
  CLIENT_APP_CERTIFICATE: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.clientAppCertificateUri})'
  GRAPH_BASE_URL: graphBaseUrl
  ENTRA_KNOWN_AUTHORITIES: clientAuthorityHost
  CONSOLE_APP_ID: consoleAppId
  CONSOLE_APP_CERTIFICATE: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.consoleAppCertificateUri})'
  MOBILE_APP_MINIMUM_VERSION: mobileAppMinimumVersion
  DEVICE_CREDENTIAL_CHECK_SECONDS: '300'
  MOBILE_APP_LATEST_VERSION: mobileAppLatestVersion
  MOBILE_APP_STORE_URL_IOS: mobileAppStoreUrlIos
  MOBILE_APP_STORE_URL_ANDROID: mobileAppStoreUrlAndroid
  SESSION_KEYS: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.sessionKeysUri})'
  TWO_STEP_KEYS: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.twoStepKeysUri})'
  LOG_LEVEL: logLevel
  RETENTION_DRY_RUN: retentionDryRun
  languageWorkers__node__arguments: '--max-old-space-size=${nodeHeapMB}'
}

module api 'modules/function-app.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: 'plan-${resourceToken}'
    location: regionalLocation
    tags: tags
    identityId: apiIdentity.outputs.resourceId
    identityClientId: apiIdentity.outputs.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentStorageContainerName: deploymentStorageContainerName
    applicationInsightsName: applicationInsightsName
    workspaceId: monitoring.outputs.workspaceId
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

// Email and SMS delivery reports through Event Grid to the EmailDeliveryReport and SmsDeliveryReport functions.
module deliveryReports 'modules/delivery-reports.bicep' = {
  name: 'deliveryReports'
  scope: rg
  params: {
    communicationServiceName: communicationServiceName
    functionAppName: functionAppName
    subscribe: emailDeliveryReports
    tags: tags
  }
  dependsOn: [
    communication
    api
  ]
}

// The custom email domain's records in its Azure DNS zone (when one is given): verification + SPF, DKIM, DKIM2, DMARC.
module emailDns 'modules/email-dns.bicep' = if (!empty(emailDnsRelativeName)) {
  name: 'emailDns'
  scope: resourceGroup(empty(emailDnsZoneResourceGroup) ? rg.name : emailDnsZoneResourceGroup)
  params: {
    zoneName: emailDnsZoneName
    relativeName: emailDnsRelativeName
    records: communication.outputs.customDomainRecords
    dmarcPolicy: dmarcPolicy
  }
}

// The action group ag-ops, the alert rules, the availability test of /api/health and the invitations' workbook.
module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    applicationInsightsName: applicationInsightsName
    location: regionalLocation
    tags: tags
    alertEmail: alertEmail
    healthUrl: '${api.outputs.publicBaseUrl}/api/health'
  }
  // The component exists by then: the app (api) is deployed after rbac, which waits for monitoring.
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
output EMAIL_DELIVERY_REPORTS_TOPIC string = deliveryReports.outputs.topicName

// What whoever manages the email domain's DNS zone publishes (docs/deployment.md, step 6): ACS's four records and
// the DMARC policy, with names in full. Empty without a custom domain.
output EMAIL_DNS_RECORDS DnsRecordToPublish[] = empty(emailCustomDomain)
  ? []
  : [
      {
        type: 'TXT'
        name: emailCustomDomain
        value: communication.outputs.customDomainRecords.Domain!.value
        purpose: 'ownership (ACS Domain record); same TXT record set as SPF'
      }
      {
        type: 'TXT'
        name: emailCustomDomain
        value: communication.outputs.customDomainRecords.SPF!.value
        purpose: 'SPF'
      }
      {
        type: 'CNAME'
        name: 'selector1-azurecomm-prod-net._domainkey.${emailCustomDomain}'
        value: communication.outputs.customDomainRecords.DKIM!.value
        purpose: 'DKIM'
      }
      {
        type: 'CNAME'
        name: 'selector2-azurecomm-prod-net._domainkey.${emailCustomDomain}'
        value: communication.outputs.customDomainRecords.DKIM2!.value
        purpose: 'DKIM2'
      }
      {
        type: 'TXT'
        name: '_dmarc.${emailCustomDomain}'
        value: dmarcPolicy
        purpose: 'DMARC'
      }
    ]

@description('True when the records above are declared in the Azure DNS zone emailDnsZoneName.')
output EMAIL_DNS_RECORDS_DECLARED bool = !empty(emailDnsRelativeName)
