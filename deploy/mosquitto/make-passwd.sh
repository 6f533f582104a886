#!/bin/sh
# Writes a Mosquitto password file from the same variables the server reads:
#   MQTT_USERNAME / MQTT_PASSWORD (the server's user) and FLEET_CREDENTIALS ("ID:secret,ID:secret").
# POSIX sh, so that it also runs in the eclipse-mosquitto image (docker-compose's mosquitto-init).
# Usage: make-passwd.sh <output file>
set -eu
out=${1:?usage: make-passwd.sh <output file>}
: > "$out"
chmod 600 "$out"
mosquitto_passwd -b "$out" "${MQTT_USERNAME:-ingest}" "${MQTT_PASSWORD:-ingest-dev-secret}"
pairs=$(printf '%s' "${FLEET_CREDENTIALS:-GNV-01:gnv-01-dev-secret,DSL-01:dsl-01-dev-secret}" | tr ',' ' ')
for pair in $pairs; do
  mosquitto_passwd -b "$out" "${pair%%:*}" "${pair#*:}"
done
