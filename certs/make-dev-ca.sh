#!/usr/bin/env bash
# Makes a development CA (ca.pem, ca.key) and a server certificate signed by it (server.pem,
# server.key) in this folder. Arguments: the IP addresses and DNS names the bridge is reached by.
set -euo pipefail
cd "$(dirname "$0")"
[ $# -gt 0 ] || set -- 127.0.0.1 localhost
san=""
for name in "$@"; do
  if [[ $name =~ ^[0-9.]+$ || $name == *:* ]]; then san+="IP:$name,"; else san+="DNS:$name,"; fi
done
san=${san%,}
if [ ! -f ca.key ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 825 \
    -subj "/CN=Bridge development CA" -keyout ca.key -out ca.pem 2>/dev/null
fi
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$1" \
  -keyout server.key -out server.csr 2>/dev/null
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 398 \
  -extfile <(printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' "$san") \
  -out server.pem 2>/dev/null
rm -f server.csr ca.srl
chmod 600 ca.key server.key
echo "CA: $(pwd)/ca.pem  server: $(pwd)/server.pem (key server.key) for $san"
