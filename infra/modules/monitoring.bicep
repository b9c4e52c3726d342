// Log Analytics and workspace-based Application Insights, as the verified modules avm/res/operational-insights/
// workspace 0.11.1 and avm/res/insights/component 0.6.0 declared them for the quickstart, with their locked-down
// defaults: the workspace refuses local (shared key) auth, Application Insights takes telemetry only from Entra
// identities (DisableLocalAuth), so the app sends it with its managed identity.

import { Tags } from 'types.bicep'

@description('Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Region of both.')
param location string = resourceGroup().location

@description('Tags of both.')
param tags Tags = {}

@description('Days the workspace keeps data.')
param dataRetention int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: dataRetention
    features: {
      searchVersion: 1
      enableLogAccessUsingOnlyResourcePermissions: false
      disableLocalAuth: true
    }
    workspaceCapping: {
      dailyQuotaGb: -1
    }
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: 'Enabled'
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
    DisableIpMasking: false // Client IP addresses are personal data: keep Application Insights' masking.
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: 'Enabled'
    RetentionInDays: dataRetention
    SamplingPercentage: 100
  }
}

// Application Insights' tables in the workspace keep their data 90 days by default, whatever the workspace's
// retention; each is brought to the workspace's (docs/privacy.md "Logs"). The tables exist with the workspace: this
// sets their retention, it creates nothing.
var applicationInsightsTables = [
  'AppAvailabilityResults'
  'AppBrowserTimings'
  'AppDependencies'
  'AppEvents'
  'AppExceptions'
  'AppMetrics'
  'AppPageViews'
  'AppPerformanceCounters'
  'AppRequests'
  'AppSystemEvents'
  'AppTraces'
]

resource applicationInsightsTableRetention 'Microsoft.OperationalInsights/workspaces/tables@2023-09-01' = [
  for table in applicationInsightsTables: {
    parent: workspace
    name: table
    properties: {
      retentionInDays: dataRetention
      totalRetentionInDays: dataRetention
    }
  }
]

@description('Resource id of the workspace: the destination of every diagnostic setting.')
output workspaceId string = workspace.id

@description('Name of the Application Insights component.')
output applicationInsightsName string = applicationInsights.name
