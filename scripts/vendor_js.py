"""Fetch the pinned browser libraries from the npm registry into the package's static files.

    .venv/bin/python scripts/vendor_js.py

Each package is pinned by exact version AND by the sha512 integrity the registry
published for it. The script refuses to write anything when the registry now reports a
different integrity, or when the downloaded tarball does not hash to it. Output:
``src/plotpress/entrypoints/wsgi/static/vendor/`` with the minified bundles, every
package's licence under ``licenses/`` and ``VERSIONS.json``.

Plot's UMD bundle reads d3 from the global ``d3`` and has interval-tree-1d (with
binary-search-bounds) and isoformat compiled in, so of those three only the licences
are shipped. The d3 version is the one Plot 0.6.17's bundle was built against.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"
OUT = Path(__file__).resolve().parent.parent / "src/plotpress/entrypoints/wsgi/static/vendor"

# name, version, integrity, {path in tarball: file name in vendor/}
PINS: list[tuple[str, str, str, dict[str, str]]] = [
    (
        "@observablehq/plot",
        "0.6.17",
        "sha512-/qaXP/7mc4MUS0s4cPPFASDRjtsWp85/TbfsciqDgU1HwYixbSbbytNuInD8AcTYC3xaxACgVX06agdfQy9W+g==",
        {"package/dist/plot.umd.min.js": "plot.umd.min.js"},
    ),
    (
        "d3",
        "7.9.0",
        "sha512-e1U46jVP+w7Iut8Jt8ri1YsPOvFpg46k+K8TpCb0P+zjCkjkPnV7WzfDJzMHy1LnA+wj5pLT1wjO901gLXeEhA==",
        {"package/dist/d3.min.js": "d3.min.js"},
    ),
    (
        "interval-tree-1d",
        "1.0.4",
        "sha512-wY8QJH+6wNI0uh4pDQzMvl+478Qh7Rl4qLmqiluxALlNvl+I+o5x38Pw3/z7mDPTPS1dQalZJXsmbvxx5gclhQ==",
        {},
    ),
    (
        "binary-search-bounds",
        "2.0.5",
        "sha512-H0ea4Fd3lS1+sTEB2TgcLoK21lLhwEJzlQv3IN47pJS976Gx4zoWe0ak3q+uYh60ppQxg9F16Ri4tS1sfD4+jA==",
        {},
    ),
    (
        "isoformat",
        "0.2.1",
        "sha512-tFLRAygk9NqrRPhJSnNGh7g7oaVWDwR0wKh/GM2LgmPa50Eg4UfyaCO4I8k6EqJHl1/uh2RAD6g06n5ygEnrjQ==",
        {},
    ),
]
BUNDLED_IN_PLOT = {"interval-tree-1d", "binary-search-bounds", "isoformat"}


class VendorError(Exception):
    pass


def _get(url: str) -> bytes:
    if not url.startswith(REGISTRY + "/"):
        raise VendorError(f"refusing to fetch outside the registry: {url}")
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (https registry only)
        return bytes(response.read())


def _sri_sha512(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def fetch(name: str, version: str, integrity: str) -> tarfile.TarFile:
    """The package tarball, after both integrity checks pass."""
    meta = json.loads(_get(f"{REGISTRY}/{name}/{version}"))
    dist = meta["dist"]
    if dist["integrity"] != integrity:
        raise VendorError(f"{name}@{version}: the registry now reports {dist['integrity']}")
    tarball = _get(dist["tarball"])
    actual = _sri_sha512(tarball)
    if actual != integrity:
        raise VendorError(f"{name}@{version}: tarball hashes to {actual}, expected {integrity}")
    return tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz")


def _read(archive: tarfile.TarFile, member: str) -> bytes:
    handle = archive.extractfile(member)
    if handle is None:
        raise VendorError(f"{member} is not a regular file")
    return handle.read()


def _license_member(archive: tarfile.TarFile) -> str:
    for member in archive.getnames():
        parts = member.split("/")
        if len(parts) == 2 and parts[1].upper().startswith(("LICENSE", "LICENCE")):
            return member
    raise VendorError("no LICENSE file at the package root")


def main() -> int:
    files: dict[Path, bytes] = {}
    versions = []
    for name, version, integrity, wanted in PINS:
        print(f"{name}@{version}", file=sys.stderr)
        with fetch(name, version, integrity) as archive:
            for member, target in wanted.items():
                files[OUT / target] = _read(archive, member)
            license_name = name.replace("@", "").replace("/", "-") + ".LICENSE"
            files[OUT / "licenses" / license_name] = _read(archive, _license_member(archive))
        entry: dict[str, object] = {
            "name": name,
            "version": version,
            "integrity": integrity,
            "files": sorted(wanted.values()),
            "license_file": f"licenses/{license_name}",
        }
        if name in BUNDLED_IN_PLOT:
            entry["bundled_in"] = "plot.umd.min.js"
        versions.append(entry)
    # Everything was fetched and verified before the first write.
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (OUT / "VERSIONS.json").write_text(json.dumps(versions, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(files)} files to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except VendorError as exc:
        print(f"vendor_js: {exc}", file=sys.stderr)
        sys.exit(1)
