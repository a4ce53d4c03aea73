#!/usr/bin/env bash
# Sends one OTLP/JSON log record to a running gateway, plain and gzip-compressed.
set -euo pipefail
here=$(dirname "$0")
endpoint=${GATEWAY_HTTP:-http://localhost:4318}
curl -sS -i -X POST "$endpoint/v1/logs" -H 'Content-Type: application/json' --data-binary @"$here/logs.json"
echo
gzip -c "$here/logs.json" | curl -sS -i -X POST "$endpoint/v1/logs" -H 'Content-Type: application/json' -H 'Content-Encoding: gzip' --data-binary @-
echo
