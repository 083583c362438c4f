#!/usr/bin/env bash
# Builds the Debian package bridge_<version>_amd64.deb (issue 15) with dpkg-deb.
#
#   service/package-deb.sh                       # publish (self-contained, linux-x64) and package into artifacts/
#   service/package-deb.sh --published DIR       # package an existing self-contained linux-x64 publish
#
# Options:
#   --published DIR   output of: dotnet publish src/Bridge.Service -c Release -r linux-x64 --self-contained -o DIR
#   --version V       the package version (default: what `DIR/bridge --version` prints, i.e. Directory.Build.props)
#   --output DIR      where the .deb goes (default: artifacts/ in the repository)
#   --fast            gzip -1 instead of xz (tests; the same files and metadata, a bigger file)
#
# Layout of the package:
#   /usr/lib/bridge/                 the program with its .NET runtime, prompts and the demo dial plan (read-only)
#   /usr/bin/bridge                  -> /usr/lib/bridge/bridge
#   /etc/bridge/                     appsettings.Production.json and dialplans/ (conffiles: upgrades keep edits)
#   /lib/systemd/system/bridge.service   the hardened unit, enabled and started by postinst
#   /etc/fail2ban/filter.d/bridge.conf, /etc/fail2ban/jail.d/bridge.conf   installed inactive (enabled = false)
#   /var/lib/bridge/                 state and logs, made by postinst for the system user bridge
#   /usr/share/doc/bridge/           README, SECURITY, THIRD-PARTY-NOTICES, copyright, changelog
# Self-contained (the .NET and ASP.NET Core runtime inside): Debian has no .NET 10 runtime package to depend on.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
published=""
version=""
output="$repo/artifacts"
compress=(-Zxz -z6)
while [ $# -gt 0 ]; do
  case "$1" in
    --published) published="$(cd "$2" && pwd)"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --output) mkdir -p "$2"; output="$(cd "$2" && pwd)"; shift 2 ;;
    --fast) compress=(-Zgzip -z1); shift ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "package-deb.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
log() { printf 'package-deb.sh: %s\n' "$*" >&2; }
command -v dpkg-deb >/dev/null || { echo "package-deb.sh: dpkg-deb is missing (apt-get install dpkg)" >&2; exit 1; }
command -v strip >/dev/null && command -v readelf >/dev/null || { echo "package-deb.sh: strip/readelf are missing (apt-get install binutils)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ -z "$published" ]; then
  published="$work/publish"
  log "publishing src/Bridge.Service (Release, linux-x64, self-contained)"
  dotnet publish "$repo/src/Bridge.Service" -c Release -r linux-x64 --self-contained -nologo -v q -o "$published" >&2
fi
[ -x "$published/bridge" ] && [ -f "$published/libcoreclr.so" ] ||
  { echo "package-deb.sh: $published is not a self-contained linux-x64 publish of Bridge (no bridge, libcoreclr.so)" >&2; exit 1; }
[ -n "$version" ] || version="$(timeout 30 "$published/bridge" --version </dev/null)" || { echo "package-deb.sh: $published/bridge --version failed (a build older than the version command?)" >&2; exit 1; }
[[ "$version" =~ ^[0-9][A-Za-z0-9.+~-]*$ ]] || { echo "package-deb.sh: '$version' is not a Debian version" >&2; exit 1; }

root="$work/root"
pkg="$root/usr/lib/bridge"
doc="$root/usr/share/doc/bridge"
mkdir -p "$pkg" "$root/usr/bin" "$root/etc/bridge" "$root/etc/fail2ban/filter.d" "$root/etc/fail2ban/jail.d" \
  "$root/lib/systemd/system" "$doc" "$root/usr/share/man/man1" "$root/usr/share/lintian/overrides" "$root/DEBIAN"

# 1. The program. The service/ files of the published directory are for the tarball installers; the documents go
#    to /usr/share/doc. A data/ left by a run from the published directory is not part of the program.
cp -a "$published/." "$pkg/"
rm -rf "$pkg/service" "$pkg/data"
for file in README.md SECURITY.md THIRD-PARTY-NOTICES.md; do mv "$pkg/$file" "$doc/"; done
rm -f "$pkg/LICENSE" "$pkg/CHANGELOG.md"
find "$pkg" -type d -exec chmod 0755 {} +
find "$pkg" -type f -exec chmod 0644 {} +
chmod 0755 "$pkg/bridge" "$pkg/createdump"
# Native libraries that a NuGet package ships with their symbol tables (SQLite's libe_sqlite3.so) are stripped,
# as dh_strip would; Microsoft's runtime libraries come stripped and are left as they are.
while IFS= read -r -d '' lib; do
  if readelf -S "$lib" 2>/dev/null | grep '\.symtab' >/dev/null; then # not grep -q: with pipefail, readelf's SIGPIPE would fail the test
    strip --strip-unneeded --remove-section=.comment --remove-section=.note "$lib"
  fi
done < <(find "$pkg" -type f -name '*.so' -print0)
ln -s ../lib/bridge/bridge "$root/usr/bin/bridge"

# 2. Configuration, once per machine: dpkg keeps the admin's edits on upgrade (conffiles).
install -m 0640 "$repo/service/appsettings.Production.sample.json" "$root/etc/bridge/appsettings.Production.json"
sed -i 's#service/install-linux.sh installs this as /etc/bridge/appsettings.Production.json#the Debian package installs this as /etc/bridge/appsettings.Production.json (a conffile)#' \
  "$root/etc/bridge/appsettings.Production.json"
cp -R "$repo/dialplans" "$root/etc/bridge/dialplans"
find "$root/etc/bridge" -type d -exec chmod 0750 {} +
find "$root/etc/bridge" -type f -exec chmod 0640 {} +
install -m 0644 "$repo/service/fail2ban/bridge.conf" "$root/etc/fail2ban/filter.d/bridge.conf"
sed -e 's#^enabled *= *true#enabled  = false#' \
    -e '1,3c\# Installed by the bridge package, inactive. To ban sources that keep failing PIN entry or scanning:\n# set enabled = true here (or in jail.local) and run: systemctl reload fail2ban\n# Bridge already locks a (source IP, From user) out of PIN entry by itself; this jail adds a firewall ban.' \
    "$repo/service/fail2ban/jail.d-bridge.conf" > "$root/etc/fail2ban/jail.d/bridge.conf"
chmod 0644 "$root/etc/fail2ban/jail.d/bridge.conf"
grep -q '^enabled  = false$' "$root/etc/fail2ban/jail.d/bridge.conf" || { echo "package-deb.sh: could not disable the fail2ban jail" >&2; exit 1; }

# 3. The unit: the one of service/bridge.service, started from /usr/lib/bridge.
{
  echo "# systemd unit of the bridge package: program in /usr/lib/bridge, configuration in /etc/bridge (the content"
  echo "# root: appsettings.Production.json there overrides /usr/lib/bridge/appsettings.json), state and logs in /var/lib/bridge."
  echo "# Override settings with: systemctl edit bridge"
  sed -e '/^#/{x;/^done$/!{x;d};x}' -e '/^\[Unit\]/{h;s/.*/done/;x}' \
      -e 's#^Documentation=.*#Documentation=man:bridge(1) file:///usr/share/doc/bridge/README.md#' \
      -e 's#^ExecStart=.*#ExecStart=/usr/lib/bridge/bridge run#' "$repo/service/bridge.service"
} > "$root/lib/systemd/system/bridge.service"
chmod 0644 "$root/lib/systemd/system/bridge.service"
grep -q '^ExecStart=/usr/lib/bridge/bridge run$' "$root/lib/systemd/system/bridge.service" || { echo "package-deb.sh: unit has no ExecStart" >&2; exit 1; }

# 4. Documents, man page, lintian overrides.
install -m 0644 "$repo/service/debian/copyright" "$doc/copyright"
chmod 0644 "$doc/"*.md
date_r="$(date -R -u -d "@${SOURCE_DATE_EPOCH:-$(git -C "$repo" log -1 --format=%ct 2>/dev/null || date +%s)}")"
maintainer="${BRIDGE_MAINTAINER:-Bridge maintainers <bridge@packages.example.org>}"
printf 'bridge (%s) unstable; urgency=medium\n\n  * Release %s; the changes are in /usr/share/doc/bridge/CHANGELOG.md.gz.\n\n -- %s  %s\n' \
  "$version" "$version" "$maintainer" "$date_r" | gzip -9n > "$doc/changelog.gz"
gzip -9n < "$repo/CHANGELOG.md" > "$doc/CHANGELOG.md.gz"
gzip -9n < "$repo/service/debian/bridge.1" > "$root/usr/share/man/man1/bridge.1.gz"
install -m 0644 "$repo/service/debian/lintian-overrides" "$root/usr/share/lintian/overrides/bridge"
chmod 0644 "$doc/changelog.gz" "$doc/CHANGELOG.md.gz" "$root/usr/share/man/man1/bridge.1.gz"

# 5. Control files.
install -m 0755 "$repo/service/debian/postinst" "$repo/service/debian/prerm" "$repo/service/debian/postrm" "$root/DEBIAN/"
(cd "$root" && find etc -type f | sort | sed 's#^#/#') > "$root/DEBIAN/conffiles"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
size="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
cat > "$root/DEBIAN/control" <<CONTROL
Package: bridge
Version: $version
Architecture: amd64
Maintainer: $maintainer
Installed-Size: $size
Depends: libc6 (>= 2.27), libgcc-s1, libstdc++6, libssl3 | libssl3t64, zlib1g, libopus0, passwd
Suggests: fail2ban
Section: net
Priority: optional
Description: self-hosted SIP conference bridge
 Bridge answers SIP calls (UDP, TCP, TLS; SRTP), asks callers for a room and its
 PIN, and mixes each room's callers (G.711, G.722, Opus). Rooms, PINs and routes
 are kept in YAML dial plans under /etc/bridge/dialplans.
 .
 The package runs it as the systemd service bridge.service under the system
 user bridge, with its state and logs in /var/lib/bridge. It carries its own
 runtime, so no .NET installation is needed.
CONTROL
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/conffiles" "$root/DEBIAN/md5sums"

deb="$output/bridge_${version}_amd64.deb"
dpkg-deb --root-owner-group "${compress[@]}" --build "$root" "$deb" >&2
log "built $deb ($(du -h "$deb" | cut -f1), installed size ${size} KiB)"
echo "$deb"
