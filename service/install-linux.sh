#!/usr/bin/env bash
# Installs Bridge as a systemd service from its published output. Run it as root from the published directory:
#
#   dotnet publish src/Bridge.Service -c Release -o /tmp/bridge-publish
#   sudo /tmp/bridge-publish/service/install-linux.sh
#
# Layout (the paths service/bridge.service expects):
#   /opt/bridge        the program (replaced on every install; the service is stopped for it and started again)
#   /etc/bridge        appsettings.Production.json and dialplans/ (made from the samples once, never overwritten)
#   /var/lib/bridge    state and logs (Bridge:Data), owned by the system user `bridge`
#   /etc/systemd/system/bridge.service
#
# Options:
#   --source DIR   the published directory (default: the directory above this script)
#   --no-start     install and enable, but do not start (or restart) the service
# Environment:
#   DESTDIR        install under this root instead of / (packaging, tests): no user is created, nothing is
#                  chowned, and systemctl is not called
set -euo pipefail

source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
start=1
while [ $# -gt 0 ]; do
  case "$1" in
    --source) source_dir="$(cd "$2" && pwd)"; shift 2 ;;
    --no-start) start=0; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "install-linux.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

destdir="${DESTDIR:-}"
program="$destdir/opt/bridge"
config="$destdir/etc/bridge"
data="$destdir/var/lib/bridge"
unit="$destdir/etc/systemd/system/bridge.service"
log() { printf 'install-linux.sh: %s\n' "$*"; }

[ -f "$source_dir/bridge.dll" ] || { echo "install-linux.sh: $source_dir is not a published Bridge (no bridge.dll); run dotnet publish first" >&2; exit 1; }
[ -f "$source_dir/service/bridge.service" ] || { echo "install-linux.sh: $source_dir/service/bridge.service is missing" >&2; exit 1; }
if [ -z "$destdir" ] && [ "$(id -u)" -ne 0 ]; then
  echo "install-linux.sh: run as root (or set DESTDIR to stage the files elsewhere)" >&2
  exit 1
fi

# The .NET runtime the unit starts the program with (the unit runs `dotnet bridge.dll`).
dotnet="$(command -v dotnet || true)"
dotnet="${dotnet:+$(readlink -f "$dotnet")}"
dotnet="${dotnet:-/usr/bin/dotnet}"
case "$dotnet" in
  /root/*|/home/*) log "warning: dotnet is at $dotnet; the unit's ProtectHome=true hides home directories, install the runtime system-wide (e.g. /usr/share/dotnet)" ;;
esac
[ -x "$dotnet" ] || log "warning: no .NET runtime at $dotnet; install the .NET 10 runtime before starting the service"

# 1. The system user the service runs as.
if [ -z "$destdir" ] && ! id bridge >/dev/null 2>&1; then
  log "creating system user bridge"
  useradd --system --user-group --home-dir /var/lib/bridge --no-create-home --shell /usr/sbin/nologin bridge
fi

# 2. Stop a running service before its program is replaced.
running=0
if [ -z "$destdir" ] && [ -d /run/systemd/system ] && systemctl is-active --quiet bridge 2>/dev/null; then
  log "stopping the running bridge service"
  systemctl stop bridge
  running=1
fi

# 3. The program: a fresh copy of the published directory, owned by root, read-only for the service.
log "installing the program into $program"
rm -rf "$program.new"
mkdir -p "$(dirname "$program")"
cp -R "$source_dir" "$program.new"
rm -rf "$program.new/data" # a data directory of an earlier run from the published directory is not part of the program
chmod -R u=rwX,go=rX "$program.new"
chmod 755 "$program.new/bridge" "$program.new/service/install-linux.sh" 2>/dev/null || true
rm -rf "$program"
mv "$program.new" "$program"

# 4. Configuration: made once from the shipped samples, never overwritten (dial plans hold PINs: not world-readable).
mkdir -p "$config"
if [ ! -e "$config/appsettings.Production.json" ]; then
  log "writing $config/appsettings.Production.json (edit Bridge:Media:Address and the TLS files)"
  cp "$source_dir/service/appsettings.Production.sample.json" "$config/appsettings.Production.json"
fi
if [ ! -e "$config/dialplans" ]; then
  log "copying the demo dial plan to $config/dialplans (change its PINs before use)"
  cp -R "$source_dir/dialplans" "$config/dialplans"
fi
chmod -R u=rwX,g=rX,o= "$config"

# 5. State and logs.
mkdir -p "$data"
chmod 750 "$data"

# 6. The unit, pointing at the runtime found above.
mkdir -p "$(dirname "$unit")"
sed "s#^ExecStart=.*#ExecStart=$dotnet /opt/bridge/bridge.dll run#" "$source_dir/service/bridge.service" > "$unit"
chmod 644 "$unit"

if [ -n "$destdir" ]; then
  log "staged under $destdir (no user, ownership or systemctl changes)"
  exit 0
fi

chown -R root:bridge "$config"
chown -R bridge:bridge "$data"
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable bridge >/dev/null
  if [ "$start" -eq 1 ] || [ "$running" -eq 1 ]; then
    systemctl restart bridge
    log "started: systemctl status bridge; logs: journalctl -u bridge, /var/lib/bridge/logs/"
  else
    log "installed and enabled; start it with: systemctl start bridge"
  fi
else
  log "systemd is not running here: the unit is installed; start it with systemctl start bridge once systemd runs"
fi
