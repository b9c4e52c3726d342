// The Flex Consumption function app (Linux, Node.js), after the quickstart's infra/app/api.bicep: the pinned
// Azure Verified Module web/site, deployment package in a blob container read with the user-assigned identity.
// Differences from the quickstart:
// - app settings are written by a separate sites/config resource after the site exists, because PUBLIC_BASE_URL
//   needs the site's own default host name (passing it to the site module would be a circular reference);
// - keyVaultReferenceIdentity is the user-assigned identity (the Key Vault references in the settings);
// - HTTPS only, TLS 1.2 minimum, FTP disabled, basic-auth publishing (FTP and SCM) disabled: azd deploys with an
//   Entra token.

param name string
param location string = resourceGroup().location
param tags object = {}

@description('Resource id of the Flex Consumption (FC1) plan.')
param appServicePlanId string

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Client id of the user-assigned managed identity.')
param identityClientId string

param storageAccountName string
param deploymentStorageContainerName string
param applicationInsightsName string

param nodeVersion string = '20'
param instanceMemoryMB int = 2048
param maximumInstanceCount int = 100

@description('Custom host name bound outside this template; empty: the default host name.')
param customHostname string = ''

@description('Application settings except PUBLIC_BASE_URL and the Application Insights ones, which are added here.')
param appSettings object

resource stg 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

module functionApp 'br/public:avm/res/web/site:0.15.1' = {
  name: 'api-flex-consumption'
  params: {
    kind: 'functionapp,linux'
    name: name
    location: location
    tags: union(tags, {
      'azd-service-name': 'api'
    })
    serverFarmResourceId: appServicePlanId
    managedIdentities: {
      systemAssigned: false
      userAssignedResourceIds: [
        identityId
      ]
    }
    keyVaultAccessIdentityResourceId: identityId
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${stg.properties.primaryEndpoints.blob}${deploymentStorageContainerName}'
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
      alwaysOn: false // Not available on Flex Consumption.
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: name
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
  dependsOn: [
    functionApp
  ]
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
  dependsOn: [
    functionApp
  ]
}

// Read at deployment time, after the site module has run (dependsOn below).
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
  dependsOn: [
    functionApp
  ]
}

@description('Name of the function app.')
output name string = name

@description('Default host name of the function app.')
output defaultHostname string = site.properties.defaultHostName

@description('PUBLIC_BASE_URL as set on the app.')
output publicBaseUrl string = 'https://${publicHost}'
