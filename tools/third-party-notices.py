#!/usr/bin/env python3
"""Writes THIRD-PARTY-NOTICES.md from the restore output of the bridge program (issue 15).

Reads src/Bridge.Service/obj/project.assets.json (written by `dotnet restore`), takes every NuGet package of the
net10.0 target that puts a runtime or native file into the program (packages whose only assets are `_._` come from
the shared framework and ship nothing of their own), reads each package's .nuspec from the NuGet package folder for
its licence, copyright and project address, and adds the .NET shared frameworks the program references (they ship
inside the self-contained Debian package and Windows archive).

  tools/third-party-notices.py            # rewrite THIRD-PARTY-NOTICES.md
  tools/third-party-notices.py --check    # exit 1 if the file is not what the restore output gives
Run `dotnet restore src/Bridge.Service` first when the assets file is missing.
"""
import argparse
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_ASSETS = os.path.join(ROOT, "src", "Bridge.Service", "obj", "project.assets.json")
DEFAULT_OUTPUT = os.path.join(ROOT, "THIRD-PARTY-NOTICES.md")
TARGET = "net10.0"

# The shared frameworks: not packages in the assets file, but shipped inside the self-contained releases.
FRAMEWORKS = {
    "Microsoft.NETCore.App": (".NET runtime and base class libraries", "MIT", "https://github.com/dotnet/runtime"),
    "Microsoft.AspNetCore.App": ("ASP.NET Core runtime", "MIT", "https://github.com/dotnet/aspnetcore"),
}

MIT_TEXT = """Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation the
rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit
persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of the
Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE
WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE."""


def shipped(entry):
    """True when the package puts a file of its own into the program (not only `_._` placeholders)."""
    for kind in ("runtime", "native", "runtimeTargets", "resource"):
        if any(not path.endswith("/_._") and path != "_._" for path in entry.get(kind, {})):
            return True
    return False


def nuspec(folder, library):
    for name in library.get("files", []):
        if name.endswith(".nuspec") and "/" not in name:
            root = ET.parse(os.path.join(folder, library["path"], name)).getroot()
            metadata = next(child for child in root if child.tag.endswith("metadata"))
            return {child.tag.split("}")[-1]: child for child in metadata}
    raise SystemExit(f"third-party-notices: no .nuspec for {library['path']} in {folder}")


def text(element):
    return " ".join((element.text or "").split()) if element is not None else ""


def package_rows(assets):
    folders = [f for f in assets["packageFolders"] if os.path.isdir(f)]
    if not folders:
        raise SystemExit("third-party-notices: no NuGet package folder of the assets file exists; run dotnet restore")
    rows = []
    for key, entry in assets["targets"][TARGET].items():
        if entry.get("type") != "package" or not shipped(entry):
            continue
        package_id, version = key.split("/", 1)
        library = assets["libraries"][key]
        folder = next(f for f in folders if os.path.isdir(os.path.join(f, library["path"])))
        meta = nuspec(folder, library)
        licence = meta.get("license")
        licence_text = None
        if licence is not None and licence.get("type") == "expression":
            spdx = text(licence)
        elif licence is not None and licence.get("type") == "file":
            spdx = "see licence text below"
            with open(os.path.join(folder, library["path"], text(licence)), encoding="utf-8-sig") as handle:
                licence_text = handle.read().strip()
        elif meta.get("licenseUrl") is not None:
            spdx = text(meta["licenseUrl"])
        else:
            raise SystemExit(f"third-party-notices: {key} names no licence; decide by hand whether it may ship")
        rows.append({
            "id": package_id,
            "version": version,
            "licence": spdx,
            "licence_text": licence_text,
            "copyright": text(meta.get("copyright")) or text(meta.get("authors")),
            "url": text(meta.get("projectUrl")) or text(meta.get("repository")) or f"https://www.nuget.org/packages/{package_id}",
        })
    return sorted(rows, key=lambda r: r["id"].lower())


def render(assets):
    rows = package_rows(assets)
    frameworks = sorted(assets["project"]["frameworks"][TARGET].get("frameworkReferences", {}))
    out = [
        "# Third-party notices",
        "",
        "Bridge is licensed under the Apache License, Version 2.0 (`LICENSE`). The published program ships the",
        "packages below. This file is generated by `tools/third-party-notices.py` from the restore output",
        "(`src/Bridge.Service/obj/project.assets.json`); do not edit it by hand, run the script after changing a",
        "package reference (a test fails while a shipped package is missing here).",
        "",
        "## NuGet packages in the program",
        "",
        "| package | version | licence | copyright | project |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        out.append(f"| {row['id']} | {row['version']} | {row['licence']} | {row['copyright'].replace('|', '/')} | {row['url']} |")
    out += [
        "",
        "## .NET runtime in the self-contained releases",
        "",
        "The Debian package and the Windows archive carry the .NET runtime they run on (its version is in the start log).",
        "",
        "| framework | what | licence | project |",
        "|---|---|---|---|",
    ]
    for name in frameworks:
        what, licence, url = FRAMEWORKS.get(name, (name, "see project", f"https://www.nuget.org/packages/{name}"))
        out.append(f"| {name} | {what} | {licence} | {url} |")
    out += [
        "",
        "Not shipped but used at run time: the Opus library of the system (`libopus0` on Debian, BSD-3-Clause), and",
        "OpenSSL (`libssl3`, Apache-2.0) through the .NET runtime for SIP over TLS.",
        "",
        "## Licence texts",
        "",
        "### Apache-2.0",
        "",
        "The text is the one in `LICENSE` beside this file.",
        "",
        "### MIT",
        "",
        "Each MIT-licensed package above is \"Copyright\" as its row says, under these terms:",
        "",
        "```",
        MIT_TEXT,
        "```",
    ]
    for row in rows:
        if row["licence_text"]:
            out += ["", f"### {row['id']} {row['version']}", "", "```", row["licence_text"], "```"]
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", default=DEFAULT_ASSETS)
    parser.add_argument("--output", default=DEFAULT_OUTPUT)
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    if not os.path.exists(args.assets):
        raise SystemExit(f"third-party-notices: {args.assets} is missing; run dotnet restore src/Bridge.Service first")
    with open(args.assets, encoding="utf-8") as handle:
        assets = json.load(handle)
    content = render(assets)
    if args.check:
        current = open(args.output, encoding="utf-8").read() if os.path.exists(args.output) else ""
        if current != content:
            print(f"{args.output} is out of date: run tools/third-party-notices.py", file=sys.stderr)
            return 1
        return 0
    with open(args.output, "w", encoding="utf-8") as handle:
        handle.write(content)
    print(f"wrote {args.output}: {len(package_rows(assets))} packages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
