# azd postdeploy hook (Windows): the same as postdeploy.sh. Subscribes the EmailDeliveryReport function to ACS
# delivery reports once it exists (Event Grid checks the function when the subscription is created).
$ErrorActionPreference = 'Stop'

$current = (azd env get-value EMAIL_DELIVERY_REPORTS 2>$null)
if ($current -eq 'true') { exit 0 }

Write-Host 'First deployment: subscribing EmailDeliveryReport to the ACS delivery reports (azd provision).'
azd env set EMAIL_DELIVERY_REPORTS true
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
azd provision --no-prompt
exit $LASTEXITCODE
