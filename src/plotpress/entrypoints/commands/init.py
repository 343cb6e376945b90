"""``plotpress init [DIR] [--email ADDRESS]``: scaffold a small runnable workspace.

One dashboard over a CSV file (the ``files`` driver), one role holding the given
address, a page with an input and two charts. It serves on loopback with sign-in codes
printed to the console, so ``plotpress serve DIR`` works straight away.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from plotpress.domain.workspace import SAFE_NAME

PLOTPRESS_YAML = """\
# Server settings; every key is optional (see docs/workspace.md).
listen: 127.0.0.1:8080
public_url: http://localhost:8080
auth:
  admins: [{email}]
"""
# {email} is written as a JSON string, which YAML reads as the same string whatever
# characters the address holds.

DASHBOARD_YAML = """\
title: Sales
description: Monthly revenue by region, from data/sales.csv.
connection: csv
"""

CONNECTIONS_YAML = """\
csv:
  driver: files
  path: data
  format: csv
  allowed_users: [team]
  timeout: 10s
"""

USERS_YAML = """\
team:
  description: Everyone who may see the sales numbers.
  members: [{email}]
"""

INDEX_MD = """\
---
title: Sales overview
---

# Sales overview

Pick a region: the chart, its CSV download and the page URL follow.

```plot view=sales params.region=EU height=300 title="Monthly revenue"
inputs({{ region: {{ type: "select", options: ["EU", "NA"], default: "EU" }} }})
Plot.rectY(data, {{ x: (d) => new Date(d.month), y: "revenue", interval: "month", tip: true }})
```

```plot view=sales height=260 title="Both regions"
Plot.lineY(data, {{ x: (d) => new Date(d.month), y: "revenue", stroke: "region" }})
```
"""

MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]


def _sales_csv() -> str:
    rows = ["month,region,revenue"]
    for i, month in enumerate(MONTHS):
        rows.append(f"{month},EU,{1000 + 37 * i + (i % 3) * 90}")
        rows.append(f"{month},NA,{800 + 45 * i - (i % 4) * 60}")
    return "\n".join(rows) + "\n"


def scaffold(root: Path, email: str, slug: str = "sales") -> list[Path]:
    """Write the workspace files under ``root``; refuses to overwrite any file."""
    files = {
        Path("plotpress.yaml"): PLOTPRESS_YAML.format(email=json.dumps(email)),
        Path("dashboards", slug, "dashboard.yaml"): DASHBOARD_YAML,
        Path("dashboards", slug, "connections.yaml"): CONNECTIONS_YAML,
        Path("dashboards", slug, "users.yaml"): USERS_YAML.format(email=json.dumps(email)),
        Path("dashboards", slug, "index.md"): INDEX_MD.format(),
        Path("data", "sales.csv"): _sales_csv(),
    }
    existing = [root / rel for rel in files if (root / rel).exists()]
    if existing:
        raise FileExistsError(f"{existing[0]} already exists; nothing was written")
    written = []
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", nargs="?", default=".", help="where to create it")
    parser.add_argument(
        "--email",
        default=os.environ.get("PLOTPRESS_INIT_EMAIL", "you@example.com"),
        help="the address that may sign in and administer (default: you@example.com)",
    )
    parser.add_argument("--slug", default="sales", help="the dashboard's folder name")


def run(args: argparse.Namespace) -> int:
    if "@" not in args.email or any(c in args.email for c in " ,[]{}:#\n"):
        print(f"--email: {args.email!r} is not an e-mail address")
        return 2
    if not SAFE_NAME.fullmatch(args.slug):
        print(f"--slug: {args.slug!r} must be lowercase letters, digits, '-' and '_'")
        return 2
    root = Path(args.directory)
    try:
        written = scaffold(root, args.email.lower(), args.slug)
    except FileExistsError as exc:
        print(exc)
        return 1
    for path in written:
        print(f"created {path}")
    print(f"\nNext: plotpress serve {root}   (sign in as {args.email.lower()})")
    return 0
