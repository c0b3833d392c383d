// DialStatus: Azure deployment (azd entry point).
//
// Subscription-scoped so that `azd up` can create the resource group itself; everything else lives
// in resources.bicep (the app) and alerts.bicep (its Azure Monitor alerts), deployed into that group.
// Parameters come from main.parameters.json, which maps them to azd environment values (azd prompts for
// the required ones that are unset).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used in the resource group name and to derive unique resource names.')
param environmentName string

@minLength(1)
@description('Azure region for every resource. It must offer the Flex Consumption plan (`az functionapp list-flexconsumption-locations`).')
param location string

@description('Name of the resource group to create. Defaults to rg-<environmentName>.')
param resourceGroupName string = ''

@secure()
@minLength(1)
@description('Plivo auth token. Stored only in Key Vault (secret plivo-auth-token); the app reads it through a Key Vault reference.')
param plivoAuthToken string

@minLength(1)
@description('Dial__Targets: comma-separated E.164 numbers and/or sip: URIs that an incoming call is connected to.')
param dialTargets string

@minLength(3)
@maxLength(58)
@description('DialStatus__TableName: Azure Table that holds the dial records; letters and digits, starting with a letter, at most 58 characters (the app adds "Daily" for its day index table).')
param dialStatusTableName string = 'DialStatus'

@description('Dial__CallerId (optional): caller ID presented to the dialled targets. Empty = not set.')
param dialCallerId string = ''

@description('Dial__CallerName (optional): caller name presented to SIP targets. Empty = not set.')
param dialCallerName string = ''

@description('Dial__TimeoutSeconds (optional): seconds to ring before giving up. Empty = not set.')
param dialTimeoutSeconds string = ''

@description('Dial__TimeLimitSeconds (optional): maximum call duration in seconds. Empty = not set.')
param dialTimeLimitSeconds string = ''

@allowed([
  ''
  'true'
  'false'
])
@description('Dial__HangupOnStar (optional): let the caller end the bridged leg by pressing *. Empty = not set.')
param dialHangupOnStar string = ''

@allowed([
  ''
  'simultaneous'
  'sequential'
])
@description('Dial__Mode (optional): ring all targets at once (simultaneous) or one after another (sequential). Empty = app default (simultaneous).')
param dialMode string = ''

@description('Dial__UnansweredMessage (optional): text spoken to the caller when nobody answered. Empty = hang up.')
param dialUnansweredMessage string = ''

@allowed([
  '8.0'
  '9.0'
  '10.0'
])
@description('functionAppConfig.runtime.version for dotnet-isolated. Must match the project\'s TargetFramework (net10.0).')
param dotnetVersion string = '10.0'

@allowed([
  512
  2048
  4096
])
@description('Flex Consumption instance memory size in MB.')
param instanceMemoryMB int = 2048

@minValue(40)
@maxValue(1000)
@description('Flex Consumption maximum scale-out instance count.')
param maximumInstanceCount int = 100

@description('Disable key-based (instrumentation key) ingestion on Application Insights, so only Entra-authenticated telemetry from the managed identity is accepted.')
param appInsightsDisableLocalAuth bool = true

// The lowest maximumInstanceCount Flex Consumption accepts is 40, so this bound keeps the always-ready
// instances within the scale limit whatever maximumInstanceCount is.
@minValue(0)
@maxValue(40)
@description('Flex Consumption always-ready instances for the HTTP functions (group "http"). They are billed continuously; 0 = none, every instance starts on demand.')
param alwaysReady int = 0

@minValue(0)
@description('DialStatus__RetentionDays: records older than this many days are deleted by the retention function. 0 = keep forever.')
param retentionDays int = 400

// Six NCRONTAB fields ("* * * * * *" is the shortest), so an empty value fails here, not in the host.
@minLength(11)
@description('DialStatus__RetentionSchedule: six-field NCRONTAB (UTC) of the retention function. Default: daily at 03:30.')
param retentionSchedule string = '0 30 3 * * *'

@description('E-mail address for Azure Monitor alerts. Empty = no action group: alerts still fire and show in Azure Monitor > Alerts.')
param alertEmail string = ''

@minValue(0)
@description('Storage-failure alert: fires when the app answers more than this many 503s for storage failures in 5 minutes.')
param storageFailureAlertThreshold int = 5

@minValue(0)
@description('Signature alert: fires when more than this many callbacks fail the signature check in 5 minutes.')
param signatureFailureAlertThreshold int = 10

// 48 hours is the longest look-back an Azure Monitor log search alert allows.
@minValue(0)
@maxValue(48)
@description('Silence alert: fires when no dial status was stored for this many hours. 0 = rule not deployed.')
param noDialStatusAlertHours int = 0

var tags = {
  'azd-env-name': environmentName
}
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  location: location
  tags: tags
}

module resources 'resources.bicep' = {
  name: 'dialstatus-resources'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    plivoAuthToken: plivoAuthToken
    dialTargets: dialTargets
    dialStatusTableName: dialStatusTableName
    dialCallerId: dialCallerId
    dialCallerName: dialCallerName
    dialTimeoutSeconds: dialTimeoutSeconds
    dialTimeLimitSeconds: dialTimeLimitSeconds
    dialHangupOnStar: dialHangupOnStar
    dialMode: dialMode
    dialUnansweredMessage: dialUnansweredMessage
    dotnetVersion: dotnetVersion
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    appInsightsDisableLocalAuth: appInsightsDisableLocalAuth
    alwaysReady: alwaysReady
    retentionDays: retentionDays
    retentionSchedule: retentionSchedule
  }
}

module alerts 'alerts.bicep' = {
  name: 'dialstatus-alerts'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    workspaceId: resources.outputs.logAnalyticsWorkspaceId
    alertEmail: alertEmail
    storageFailureAlertThreshold: storageFailureAlertThreshold
    signatureFailureAlertThreshold: signatureFailureAlertThreshold
    noDialStatusAlertHours: noDialStatusAlertHours
  }
}

// Plivo's retry policy travels in the URL fragment: up to 3 retries on connect timeout (ct),
// read timeout (rt) and 5xx answers.
var retryFragment = '#rc=3&rp=ct,rt,5xx'
var baseUrl = 'https://${resources.outputs.defaultHostName}/api/dialstatus'

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = resources.outputs.functionAppName
output AZURE_FUNCTION_APP_DEFAULT_HOST_NAME string = resources.outputs.defaultHostName
output AZURE_KEY_VAULT_NAME string = resources.outputs.keyVaultName
output AZURE_STORAGE_ACCOUNT_NAME string = resources.outputs.storageAccountName
output APPLICATIONINSIGHTS_NAME string = resources.outputs.applicationInsightsName

@description('Plivo Application > Answer URL (method POST).')
output PLIVO_ANSWER_URL string = '${baseUrl}${retryFragment}'

@description('Plivo Application > Fallback Answer URL (method POST).')
output PLIVO_FALLBACK_URL string = '${baseUrl}/fallback${retryFragment}'

@description('Plivo Application > Hangup URL (method POST).')
output PLIVO_HANGUP_URL string = '${baseUrl}/hangup${retryFragment}'

@description('Make Call API ring_url (POST).')
output PLIVO_RING_URL string = '${baseUrl}/ring${retryFragment}'

@description('PHLO HTTP Request node URL, WITHOUT the function key: insert ?code=<function key> before the # fragment.')
// PHLO's HTTP Request node is not among the URLs Plivo documents as honouring the retry fragment.
output PLIVO_PHLO_URL string = '${baseUrl}/phlo'
