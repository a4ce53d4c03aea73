#!/usr/bin/env bash
# Posts one event of each shape the events API reads to a running gateway, then a batch as NDJSON, gzip-compressed.
set -euo pipefail
here=$(dirname "$0")
endpoint=${GATEWAY_HTTP:-http://localhost:4318}
key=${EVENTS_API_KEY:-events-example-key-change-me}

post() { # post FILE [QUERY]: the file as one JSON body
  echo "== $1"
  curl -sS -i -X POST "$endpoint/v1/events${2:-}" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' --data-binary @"$here/$1"
  echo
}

post igniter.json
post flux.json
post flux-batch.json
post operational.json
post tracardi.json
post dash0.json '?format=dash0'

echo "== two events as NDJSON, gzip-compressed"
printf '%s\n' \
  '{"name":"signup.completed","user_id":"user_456","properties":{"plan":"free"}}' \
  '{"name":"nightly export started","avatar":"🤖","contextId":"export_2026_03_14","contextStart":true}' \
  | gzip -c \
  | curl -sS -i -X POST "$endpoint/v1/events" -H "Authorization: Bearer $key" -H 'Content-Type: application/x-ndjson' -H 'Content-Encoding: gzip' --data-binary @-
echo
