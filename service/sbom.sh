#!/usr/bin/env bash
# Writes the CycloneDX SBOM (JSON, spec 1.7) of the published program: every NuGet package and project of
# src/Bridge.Service (the CycloneDX .NET tool, restored from .config/dotnet-tools.json), plus the .NET runtime packs a
# self-contained publish carries (read from its bridge.deps.json), which the tool does not list.
#
#   service/sbom.sh --output DIR [--version V] [--published DIR ...]
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
output="$repo/artifacts"
version=""
published=()
while [ $# -gt 0 ]; do
  case "$1" in
    --output) mkdir -p "$2"; output="$(cd "$2" && pwd)"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --published) published+=("$(cd "$2" && pwd)"); shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "sbom.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$version" ] || version="$(sed -n 's#.*<Version>\([^<]*\)</Version>.*#\1#p' "$repo/Directory.Build.props" | head -1)"
file="bridge-${version}.cdx.json"

cd "$repo"
dotnet tool restore >&2
dotnet tool run dotnet-CycloneDX src/Bridge.Service/Bridge.Service.csproj --recursive --include-project-references \
  --framework net10.0 --output "$output" --filename "$file" --output-format Json \
  --set-name bridge --set-version "$version" --set-type Application >&2

# The runtime packs of the self-contained publishes (runtimepack.<id>/<version> in bridge.deps.json).
python3 - "$output/$file" "${published[@]}" <<'PY'
import json, sys
bom_path, published = sys.argv[1], sys.argv[2:]
bom = json.load(open(bom_path, encoding="utf-8"))
have = {c.get("bom-ref") for c in bom.get("components", [])}
for directory in published:
    deps = json.load(open(f"{directory}/bridge.deps.json", encoding="utf-8"))
    for key, library in deps["libraries"].items():
        if library.get("type") != "runtimepack":
            continue
        name, version = key.removeprefix("runtimepack.").split("/", 1)
        purl = f"pkg:nuget/{name}@{version}"
        if purl in have:
            continue
        have.add(purl)
        bom.setdefault("components", []).append({
            "type": "framework", "bom-ref": purl, "name": name, "version": version, "purl": purl,
            "licenses": [{"license": {"id": "MIT"}}],
            "description": "the .NET runtime carried by the self-contained release",
        })
json.dump(bom, open(bom_path, "w", encoding="utf-8"), indent=2)
PY
echo "sbom.sh: wrote $output/$file" >&2
echo "$output/$file"
