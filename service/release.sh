#!/usr/bin/env bash
# Builds every release file into artifacts/ (or --output DIR): the Debian package, the Windows archive and the
# CycloneDX SBOM beside them, all of the version in Directory.Build.props. Each publish is self-contained.
#
#   service/release.sh [--output DIR]
#   artifacts/bridge_<version>_amd64.deb  artifacts/bridge-<version>-win-x64.zip  artifacts/bridge-<version>.cdx.json
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
output="$repo/artifacts"
while [ $# -gt 0 ]; do
  case "$1" in
    --output) mkdir -p "$2"; output="$(cd "$2" && pwd)"; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "release.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$output"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for rid in linux-x64 win-x64; do
  echo "release.sh: publishing $rid" >&2
  dotnet publish "$repo/src/Bridge.Service" -c Release -r "$rid" --self-contained -nologo -v q -o "$work/$rid" >&2
done
"$repo/service/package-deb.sh" --published "$work/linux-x64" --output "$output"
"$repo/service/package-windows.sh" --published "$work/win-x64" --output "$output"
"$repo/service/sbom.sh" --published "$work/linux-x64" --published "$work/win-x64" --output "$output"
(cd "$output" && sha256sum -- *.deb *.zip *.cdx.json > SHA256SUMS)
echo "release.sh: $(ls "$output" | tr '\n' ' ')" >&2
