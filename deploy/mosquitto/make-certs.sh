#!/bin/sh
# A throw-away certificate authority and a server certificate signed by it, for a rehearsal or the
# tests (never commit the keys; in service, use a certificate from your CA).
# Usage: make-certs.sh <dir> [extra DNS name …]  → ca.crt, ca.key, server.crt, server.key
# The server certificate names localhost, 127.0.0.1 and mosquitto (the compose service), plus extras.
set -eu
dir=${1:?usage: make-certs.sh <dir> [dns name ...]}
shift
mkdir -p "$dir"
san="DNS:localhost,DNS:mosquitto,IP:127.0.0.1"
for name in "$@"; do san="$san,DNS:$name"; done
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=trial throw-away CA" \
  -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$san" > "$dir/server.ext"
openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 30 \
  -extfile "$dir/server.ext" -out "$dir/server.crt" 2>/dev/null
rm -f "$dir/server.csr" "$dir/server.ext" "$dir/ca.srl"
chmod 600 "$dir/ca.key" "$dir/server.key"
# Mosquitto drops to its own user and must read its key.
if id mosquitto >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then chown mosquitto "$dir/server.key"; fi
echo "certificates in $dir (CA: $dir/ca.crt)"
