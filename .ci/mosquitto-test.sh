#!/usr/bin/env bash
# Starts a Mosquitto for the tests on 127.0.0.1:18830 with the production ACL and a password file
# holding the test credentials (test/support/servers.ts). Idempotent: does nothing if it is up.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${MOSQUITTO_TEST_DIR:-/tmp/trial-mosquitto-test}
port=${MOSQUITTO_TEST_PORT:-18830}
if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "mosquitto (tests) already on $port"; exit 0; fi
mkdir -p "$dir"
MQTT_USERNAME=ingest MQTT_PASSWORD=ingest-dev-secret \
FLEET_CREDENTIALS=GNV-01:gnv-01-dev-secret,DSL-01:dsl-01-dev-secret,TEST-99:test-99-dev-secret \
  "$here/deploy/mosquitto/make-passwd.sh" "$dir/passwd"
# Benchmark vehicles BENCH-001… (bench/) log in with the password "bench".
for i in $(seq -w 1 100); do mosquitto_passwd -b "$dir/passwd" "BENCH-$(printf %03d $((10#$i)))" bench; done
cp "$here/deploy/mosquitto/acl" "$dir/acl"
cat > "$dir/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous false
password_file $dir/passwd
acl_file $dir/acl
persistence false
use_username_as_clientid true
max_queued_messages 1000000
max_inflight_messages 100
max_packet_size 1048576
log_dest file $dir/mosquitto.log
CONF
# Started as root, Mosquitto drops to its own user: let that user read the files and write the log.
if id mosquitto >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then chown -R mosquitto "$dir"; fi
mosquitto -d -c "$dir/mosquitto.conf"
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && { echo "mosquitto (tests) started on $port"; exit 0; }; sleep 0.1; done
echo "mosquitto did not start; see $dir/mosquitto.log" >&2; exit 1
