#!/bin/sh
# azd postdeploy hook: subscribe the EmailDeliveryReport function to ACS delivery reports once it exists.
# Event Grid checks an AzureFunction endpoint when the subscription is created, and the function exists only after
# the first `azd deploy`; so infra/main.bicep declares the subscription only when EMAIL_DELIVERY_REPORTS is true,
# and this hook turns it on and provisions again, once. Later deployments find it on and do nothing.
set -eu

if [ "$(azd env get-value EMAIL_DELIVERY_REPORTS 2>/dev/null || true)" = "true" ]; then
  exit 0
fi

echo "First deployment: subscribing EmailDeliveryReport to the ACS delivery reports (azd provision)."
azd env set EMAIL_DELIVERY_REPORTS true
azd provision --no-prompt
