#!/usr/bin/env bash
# Builds the Windows archive bridge-<version>-win-x64.zip (issue 15): the self-contained win-x64 program (bridge.exe
# with its .NET runtime), its prompts, the demo dial plan and appsettings.json, the service install script
# (service/install-windows-service.ps1), LICENSE, THIRD-PARTY-NOTICES.md, CHANGELOG.md and SECURITY.md, all under
# one folder bridge-<version>-win-x64/. README.md, "Install" → "Windows", has the steps.
#
#   service/package-windows.sh [--published DIR] [--version V] [--output DIR]
#   --published DIR   output of: dotnet publish src/Bridge.Service -c Release -r win-x64 --self-contained -o DIR
#                     (default: publish it now)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
published=""
version=""
output="$repo/artifacts"
while [ $# -gt 0 ]; do
  case "$1" in
    --published) published="$(cd "$2" && pwd)"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --output) mkdir -p "$2"; output="$(cd "$2" && pwd)"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "package-windows.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
command -v zip >/dev/null || { echo "package-windows.sh: zip is missing (apt-get install zip)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ -z "$published" ]; then
  published="$work/publish"
  echo "package-windows.sh: publishing src/Bridge.Service (Release, win-x64, self-contained)" >&2
  dotnet publish "$repo/src/Bridge.Service" -c Release -r win-x64 --self-contained -nologo -v q -o "$published" >&2
fi
[ -f "$published/bridge.exe" ] && [ -f "$published/coreclr.dll" ] ||
  { echo "package-windows.sh: $published is not a self-contained win-x64 publish of Bridge (no bridge.exe, coreclr.dll)" >&2; exit 1; }
# The version is the one of the build (Directory.Build.props); bridge.exe cannot run here, its assembly says it.
[ -n "$version" ] || version="$(sed -n 's#.*<Version>\([^<]*\)</Version>.*#\1#p' "$repo/Directory.Build.props" | head -1)"

name="bridge-${version}-win-x64"
mkdir -p "$work/$name"
cp -a "$published/." "$work/$name/"
rm -rf "$work/$name/data" "$work/$name/service/install-linux.sh" "$work/$name/service/bridge.service" "$work/$name/service/fail2ban" "$work/$name/service/appsettings.Production.sample.json"
zip="$output/$name.zip"
rm -f "$zip"
(cd "$work" && zip -q -r -X -9 "$zip" "$name")
echo "package-windows.sh: built $zip ($(du -h "$zip" | cut -f1))" >&2
echo "$zip"
