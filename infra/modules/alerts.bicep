// What pages on-call, and what shows the invitations' funnel: one action group `ag-ops` and the alert rules of
// docs/deployment.md ("Alerts and the workbook", what each means and what to do: docs/runbook.md), an availability
// test of /api/health, and a workbook of invitations sent, accepted and completed.
//
// Log search rules read the app's own log lines: each is one JSON object (shared/log.ts) whose `event` names what
// happened, written by the Functions host as the `message` of a trace in Application Insights. The queries below name
// only events the code emits: test/unit/infra-alerts.test.ts finds each one in shared/ or functions/, so renaming an
// event without its query fails a test. Rules: Microsoft.Insights/scheduledQueryRules 2023-12-01, scoped to the
// Application Insights component (its `traces` and `requests` tables); the health alert is a metric alert on a
// standard availability test (docs/decisions.md, "Alerts").

import { Tags } from 'types.bicep'

@description('Name of the Application Insights component the rules query and the workbook reads.')
param applicationInsightsName string

@description('Region of the rules, the availability test and the workbook (the component\'s).')
param location string = resourceGroup().location

@description('Tags of the resources.')
param tags Tags = {}

@description('Address the action group emails. Empty: the group has no receiver (alerts fire and show in the portal only) until one is added.')
param alertEmail string = ''

@description('The URL the availability test calls: https://<host>/api/health.')
param healthUrl string

@minValue(1)
@maxValue(100)
@description('alert-email-delivery-failures: the share (%) of failed email delivery reports over an hour above which it fires.')
param emailFailurePercent int = 10

@minValue(1)
@maxValue(100)
@description('alert-sms-delivery-failures: the share (%) of failed SMS delivery reports over an hour above which it fires.')
param smsFailurePercent int = 20

@minValue(1)
@description('Delivery reports an hour must count before a failure share means anything (both delivery alerts).')
param minimumReports int = 10

@minValue(1)
@maxValue(100)
@description('alert-http-5xx: the share (%) of requests answered 5xx over 15 minutes above which it fires.')
param http5xxPercent int = 5

@minValue(1)
@description('Requests 15 minutes must count before a 5xx share means anything.')
param minimumRequests int = 20

@minValue(1)
@description('alert-entra-graph-failures: requests refused in 15 minutes because Graph or Entra ID could not be reached.')
param graphFailures int = 5

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource opsGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-ops'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'ops'
    enabled: true
    emailReceivers: empty(alertEmail)
      ? []
      : [
          {
            name: 'on-call'
            emailAddress: alertEmail
            useCommonAlertSchema: true
          }
        ]
  }
}

// The app's log lines, with their event name. Queries use double-quoted KQL strings.
var appLogs = 'traces | extend line = parse_json(message) | extend event = tostring(line.event)'

var logAlerts = [
  {
    name: 'alert-poison-messages'
    description: 'Messages wait in a poison queue (outbox-poison, invitation-batches-poison, sms-outbox-poison, account-emails-poison, reset-requests-poison): WatchPoisonQueues counts them every 5 minutes. See docs/runbook.md.'
    severity: 2
    frequency: 'PT5M'
    window: 'PT10M'
    query: '${appLogs} | where event == "queues.poison.waiting" | project timestamp, total = toint(line.total), counts = line.counts'
    threshold: 0
  }
  {
    name: 'alert-email-delivery-failures'
    description: 'Over the last hour, more than ${emailFailurePercent} % of the email delivery reports (at least ${minimumReports}) say failed. See docs/runbook.md.'
    severity: 2
    frequency: 'PT15M'
    window: 'PT1H'
    query: '${appLogs} | where event in ("email.report.failed", "email.report.recorded", "email.report.account-email") | summarize failed = countif(event == "email.report.failed"), reports = count() | where reports >= ${minimumReports} and failed * 100.0 / reports > ${emailFailurePercent}'
    threshold: 0
  }
  {
    name: 'alert-sms-delivery-failures'
    description: 'Over the last hour, more than ${smsFailurePercent} % of the SMS delivery reports (at least ${minimumReports}) say failed. See docs/runbook.md.'
    severity: 2
    frequency: 'PT15M'
    window: 'PT1H'
    query: '${appLogs} | where event in ("sms.report.failed", "sms.report.recorded") | summarize failed = countif(event == "sms.report.failed"), reports = count() | where reports >= ${minimumReports} and failed * 100.0 / reports > ${smsFailurePercent}'
    threshold: 0
  }
  {
    name: 'alert-sms-budget-80'
    description: 'The service has sent 80 % of its daily SMS budget (SMS_DAILY_BUDGET) today. See docs/runbook.md.'
    severity: 3
    frequency: 'PT5M'
    window: 'PT15M'
    query: '${appLogs} | where event == "sms-budget-reached" and toint(line.percent) == 80'
    threshold: 0
  }
  {
    name: 'alert-sms-budget-100'
    description: 'The daily SMS budget is spent: activation SMS are refused (503) until the UTC day ends. See docs/runbook.md.'
    severity: 1
    frequency: 'PT5M'
    window: 'PT15M'
    query: '${appLogs} | where (event == "sms-budget-reached" and toint(line.percent) == 100) or event == "sms-budget-exhausted"'
    threshold: 0
  }
  {
    name: 'alert-http-5xx'
    description: 'Over 15 minutes, more than ${http5xxPercent} % of the requests (at least ${minimumRequests}) were answered 5xx. See docs/runbook.md.'
    severity: 1
    frequency: 'PT5M'
    window: 'PT15M'
    query: 'requests | summarize total = count(), failed = countif(toint(resultCode) >= 500) | where total >= ${minimumRequests} and failed * 100.0 / total > ${http5xxPercent}'
    threshold: 0
  }
  {
    name: 'alert-entra-graph-failures'
    description: 'At least ${graphFailures} requests in 15 minutes were refused (503 dependency-unavailable) because Microsoft Graph or Entra ID could not be reached. See docs/runbook.md.'
    severity: 1
    frequency: 'PT5M'
    window: 'PT15M'
    // dependency-unavailable names `graph` for Microsoft Graph and nothing for Entra ID's token and key endpoints
    // (sign-in, bearer tokens); storage names `storage`, and is not this alert's.
    query: '${appLogs} | where event == "request.refused" and tostring(line.code) == "dependency-unavailable" and tostring(line.dependency) != "storage"'
    threshold: graphFailures - 1
  }
]

resource rules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for rule in logAlerts: {
    name: rule.name
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: rule.name
      description: rule.description
      severity: rule.severity
      enabled: true
      evaluationFrequency: rule.frequency
      windowSize: rule.window
      scopes: [
        applicationInsights.id
      ]
      autoMitigate: true
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: rule.threshold
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      actions: {
        actionGroups: [
          opsGroup.id
        ]
      }
    }
  }
]

// /api/health from five European test locations every 5 minutes; the alert fires when two or more see it fail
// (not 200 within 30 s), Microsoft's recommended shape for an availability alert (docs/decisions.md).
var healthTestName = 'health-${applicationInsightsName}'

resource healthTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: healthTestName
  location: location
  kind: 'standard'
  tags: union(tags, {
    // The link the portal and the alert use to tie the test to its component.
    'hidden-link:${applicationInsights.id}': 'Resource'
  })
  properties: {
    SyntheticMonitorId: healthTestName
    Name: 'GET /api/health'
    Description: 'The service and its dependencies (storage, email, SMS, identity) answer healthy.'
    Kind: 'standard'
    Enabled: true
    Frequency: 300
    Timeout: 30
    RetryEnabled: true
    Locations: [
      {
        Id: 'emea-nl-ams-azr' // West Europe
      }
      {
        Id: 'emea-gb-db3-azr' // North Europe
      }
      {
        Id: 'emea-fr-pra-edge' // France Central
      }
      {
        Id: 'emea-se-sto-edge' // UK West
      }
      {
        Id: 'emea-ch-zrh-edge' // France South
      }
    ]
    Request: {
      RequestUrl: healthUrl
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
    }
  }
}

resource healthAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-health-failing'
  location: 'global'
  tags: tags
  properties: {
    description: '/api/health is not healthy (not 200) from two or more test locations: a dependency (storage, email, SMS, identity) is failing, or the app does not answer. See docs/runbook.md.'
    severity: 1
    enabled: true
    scopes: [
      healthTest.id
      applicationInsights.id
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: healthTest.id
      componentId: applicationInsights.id
      failedLocationCount: 2
    }
    actions: [
      {
        actionGroupId: opsGroup.id
      }
    ]
  }
}

// The funnel: invitations whose email was sent, accepted (signed in through the invitation) and completed (the
// company confirmed), per day and as shares, each counted once per invitation id.
var funnelEvents = '${appLogs} | where event in ("invitation.email.sent", "security.sign-in.succeeded", "company.created") | where event != "security.sign-in.succeeded" or tostring(line.flow) == "accept" | extend invitationId = tostring(line.invitationId)'
var funnelCounts = 'sent = dcountif(invitationId, event == "invitation.email.sent"), accepted = dcountif(invitationId, event == "security.sign-in.succeeded"), completed = dcountif(invitationId, event == "company.created")'

var workbook = {
  version: 'Notebook/1.0'
  isLocked: false
  fallbackResourceIds: [
    applicationInsights.id
  ]
  items: [
    {
      type: 1
      name: 'title'
      content: {
        json: '## Invitations: sent, accepted, completed\nSent: the invitation email left (DispatchOutbox). Accepted: the invited person signed in through the link. Completed: the company was confirmed (Create Company). Each invitation counts once per step.'
      }
    }
    {
      type: 9
      name: 'parameters'
      content: {
        version: 'KqlParameterItem/1.0'
        parameters: [
          {
            id: 'f5d1c3a2-6b1e-4c1f-9a51-3d0c2b7e8a01'
            version: 'KqlParameterItem/1.0'
            name: 'TimeRange'
            label: 'Period'
            type: 4
            isRequired: true
            value: {
              durationMs: 2592000000
            }
            typeSettings: {
              selectableValues: [
                {
                  durationMs: 604800000
                }
                {
                  durationMs: 2592000000
                }
              ]
            }
          }
        ]
      }
    }
    {
      type: 3
      name: 'per-day'
      content: {
        version: 'KqlItem/1.0'
        title: 'Per day'
        query: '${funnelEvents} | summarize ${funnelCounts} by day = bin(timestamp, 1d) | order by day asc'
        queryType: 0
        resourceType: 'microsoft.insights/components'
        visualization: 'barchart'
        timeContextFromParameter: 'TimeRange'
        timeContext: {
          durationMs: 2592000000
        }
      }
    }
    {
      type: 3
      name: 'funnel'
      content: {
        version: 'KqlItem/1.0'
        title: 'Funnel over the period'
        query: '${funnelEvents} | summarize ${funnelCounts} | extend acceptedOfSentPercent = round(100.0 * accepted / sent, 1), completedOfAcceptedPercent = round(100.0 * completed / accepted, 1), completedOfSentPercent = round(100.0 * completed / sent, 1)'
        queryType: 0
        resourceType: 'microsoft.insights/components'
        visualization: 'table'
        timeContextFromParameter: 'TimeRange'
        timeContext: {
          durationMs: 2592000000
        }
      }
    }
  ]
}

resource funnelWorkbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, applicationInsightsName, 'invitations-funnel')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'Invitations: sent, accepted, completed'
    category: 'workbook'
    sourceId: applicationInsights.id
    serializedData: string(workbook)
    version: 'Notebook/1.0'
  }
}

@description('Resource id of the action group every alert notifies.')
output actionGroupId string = opsGroup.id

@description('Names of the alert rules.')
output alertNames string[] = concat(map(logAlerts, rule => rule.name), [healthAlert.name])
