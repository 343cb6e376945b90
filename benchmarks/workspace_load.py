"""How long ``FilesystemWorkspace.load()`` takes on a large generated workspace.

Generates 1,000 dashboards x 5 pages (3 plot blocks each, a query file, three YAML
files per dashboard) into a temporary directory, then times, in the same process:

* ``load``: ``FilesystemWorkspace(root, environ).load()`` (read, parse, structure, check);
* ``baseline``: reading the same files and nothing but ``yaml.safe_load`` of every YAML
  file and ``MarkdownIt("commonmark").parse`` of every page.

Prints median and min of each and their ratio. Usage:
``python benchmarks/workspace_load.py [--dashboards N] [--pages N] [--repeat N]``
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from plotpress.adapters.workspace import FilesystemWorkspace

ENVIRON = {"WAREHOUSE_DSN": "postgresql://bench@db/warehouse"}

DASHBOARD = "title: Dashboard {n}\ndescription: Generated.\nconnection: warehouse\n"
USERS = """\
viewers:
  description: Everyone
  members: [a{n}@example.com, b{n}@example.com, c@example.com]
analysts:
  from_claim: groups
  match: [data, finance]
"""
CONNECTIONS = """\
warehouse:
  driver: postgres
  dsn: ${{WAREHOUSE_DSN}}
  allowed_users: [viewers, analysts]
  timeout: 30s
  max_rows: 50000
  pool: {{max_open: 10, max_idle: 5, max_lifetime: 1h}}
exports:
  driver: files
  path: data/d{n}
  format: csv
  allowed_users: [analysts]
"""
QUERY = """\
-- Top customers.
-- @param region enum(EU,NA,APAC) default EU
-- @param since date default 2025-01-01
-- @param top_n int default 10
SELECT customer, SUM(amount) AS revenue FROM orders
WHERE region = :region AND order_date >= :since
GROUP BY customer ORDER BY revenue DESC LIMIT :top_n
"""
PAGE = """\
---
title: Page {p} of dashboard {n}
---

# Page {p}

Some *introductory* text with a [link](https://example.com) and a list:

- one
- two

```plot view=monthly_revenue params.region=EU height=320 title="Monthly revenue"
inputs({{ region: {{ type: "select", options: ["EU", "NA", "APAC"], default: "EU" }} }})
Plot.barY(data, {{ x: "month", y: "revenue", fill: "region" }})
```

| month | revenue |
|-------|---------|
| jan   | 1       |

```plot query=top_customers params.top_n=5
Plot.barX(data, {{ y: "customer", x: "revenue" }})
```

```plot view=orders connection=exports class=wide
Plot.dot(data, {{ x: "amount", y: "customer" }})
```
"""


def generate(root: Path, dashboards: int, pages: int) -> None:
    (root / "plotpress.yaml").write_text("listen: 127.0.0.1:8080\n")
    for n in range(dashboards):
        folder = root / "dashboards" / f"d{n:04d}"
        (folder / "queries").mkdir(parents=True)
        (folder / "dashboard.yaml").write_text(DASHBOARD.format(n=n))
        (folder / "users.yaml").write_text(USERS.format(n=n))
        (folder / "connections.yaml").write_text(CONNECTIONS.format(n=n))
        (folder / "queries" / "top_customers.sql").write_text(QUERY)
        for p in range(pages):
            name = "index" if p == 0 else f"page{p}"
            (folder / f"{name}.md").write_text(PAGE.format(n=n, p=p))


def baseline(root: Path) -> None:
    parser = MarkdownIt("commonmark")
    for path in sorted((root / "dashboards").rglob("*")):
        if path.suffix == ".yaml":
            yaml.safe_load(path.read_text())
        elif path.suffix == ".md":
            parser.parse(path.read_text())


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--dashboards", type=int, default=1000)
    args.add_argument("--pages", type=int, default=5)
    args.add_argument("--repeat", type=int, default=5)
    options = args.parse_args()
    with tempfile.TemporaryDirectory(prefix="plotpress-bench-") as tmp:
        root = Path(tmp)
        generate(root, options.dashboards, options.pages)
        source = FilesystemWorkspace(root, ENVIRON)
        workspace = source.load()  # also warms the file cache for both measurements
        blocks = sum(len(p.blocks) for d in workspace for p in d.pages)
        load_times = timed(source.load, options.repeat)
        base_times = timed(lambda: baseline(root), options.repeat)
    load_med, base_med = statistics.median(load_times), statistics.median(base_times)
    print(
        f"workspace: {options.dashboards} dashboards x {options.pages} pages, {blocks} blocks; "
        f"{options.repeat} repetitions"
    )
    print(f"load      median {load_med:.3f} s   min {min(load_times):.3f} s")
    print(f"baseline  median {base_med:.3f} s   min {min(base_times):.3f} s")
    print(f"ratio     load / baseline = {load_med / base_med:.2f} (medians)")


if __name__ == "__main__":
    main()
