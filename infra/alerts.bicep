// DialStatus: Azure Monitor alerts on the app's telemetry.
//
// The rules query the Log Analytics workspace behind the (workspace-based) Application Insights
// resource, where the worker's OpenTelemetry export lands in the AppTraces, AppExceptions and AppMetrics tables.
// Each rule's KQL lives in alerts/<key>.kql; docs/operations.md quotes every file verbatim and
// tools/compile-bicep.sh fails if a quote drifts.

@description('Azure region of the alert rules.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Short unique suffix for resource names.')
param resourceToken string

@description('Resource id of the Log Analytics workspace that holds the Application Insights tables.')
param workspaceId string

@description('E-mail address that receives the alerts. Empty = no action group: alerts still fire and show in Azure Monitor > Alerts.')
param alertEmail string

@description('Storage-failure rule: fires when more than this many 503s for storage failures are logged in 5 minutes.')
param storageFailureAlertThreshold int

@description('Signature-failure rule: fires when more than this many signature rejections are logged in 5 minutes.')
param signatureFailureAlertThreshold int

@description('Silence rule: fires when no dial status was stored for this many hours. 0 = rule not deployed.')
param noDialStatusAlertHours int

// Every rule counts the rows its query returns and fires above its threshold; the queries that
// need a condition across rows (backlog, silence) return a row only when that condition holds.
var coreRules = [
  {
    key: 'storage-failures'
    displayName: 'DialStatus: storage failures'
    description: 'The app answered 503 to more than ${storageFailureAlertThreshold} callbacks in 5 minutes because Table Storage failed or was too slow (log event 3000). Plivo retries, but records are at risk. See docs/operations.md, Alerts.'
    severity: 1
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    query: loadTextContent('alerts/storage-failures.kql')
    threshold: storageFailureAlertThreshold
  }
  {
    key: 'signature-failures'
    displayName: 'DialStatus: burst of signature rejections'
    description: 'More than ${signatureFailureAlertThreshold} callbacks were refused with 403 (signature check failed) in 5 minutes. A rotated Plivo auth token or a wrong DialStatus__PublicBaseUrl rejects every genuine callback. See docs/operations.md, Alerts.'
    severity: 1
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    query: loadTextContent('alerts/signature-failures.kql')
    threshold: signatureFailureAlertThreshold
  }
  {
    key: 'outbox-not-draining'
    displayName: 'DialStatus: held-back statuses not draining'
    description: 'The backlog of dial statuses the app could not write (gauge dialstatus.outbox.depth) stayed above 0 in every 5-minute period of the last 15 minutes. See docs/operations.md, Alerts.'
    severity: 2
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    query: loadTextContent('alerts/outbox-not-draining.kql')
    threshold: 0
  }
  {
    key: 'outbox-abandoned'
    displayName: 'DialStatus: held-back record abandoned'
    description: 'The app gave up on a held-back record: it is not in Table Storage. The log event carries every field, so it can be re-ingested. See docs/operations.md, Alerts.'
    severity: 1
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    query: loadTextContent('alerts/outbox-abandoned.kql')
    threshold: 0
  }
]

var silenceRule = {
  key: 'no-dial-status'
  displayName: 'DialStatus: no dial status stored'
  description: 'No dial status was stored for ${noDialStatusAlertHours} hours: calls may no longer reach the app. See docs/operations.md, Alerts.'
  severity: 2
  evaluationFrequency: 'PT15M'
  windowSize: 'PT${noDialStatusAlertHours}H'
  query: loadTextContent('alerts/no-dial-status.kql')
  threshold: 0
}

var rules = concat(coreRules, noDialStatusAlertHours > 0 ? [silenceRule] : [])

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: 'ag-dialstatus-${resourceToken}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'DialStatus'
    enabled: true
    emailReceivers: [
      {
        name: 'alert-email'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for rule in rules: {
    name: 'alert-dialstatus-${rule.key}-${resourceToken}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: rule.displayName
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        workspaceId
      ]
      evaluationFrequency: rule.evaluationFrequency
      windowSize: rule.windowSize
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
      // On a fresh workspace the App* tables are not known to query validation until the first
      // telemetry arrives, which would fail the first deployment.
      skipQueryValidation: true
      autoMitigate: true
      actions: {
        actionGroups: empty(alertEmail) ? [] : [actionGroup.id]
      }
    }
  }
]
