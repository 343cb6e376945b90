"""The browser tests' workspace: known data in SQLite files, pages with known charts.

Dashboard ``sales`` (role ``analyst``: analyst@example.com) has connection ``warehouse``
(analyst) and ``secret`` (role ``admin`` only, so the analyst is denied). Dashboard
``ops`` gives the analyst no role at all.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from plotpress.domain.workspace import Workspace
from tests.unit.pages.builders import dashboard, page

ANALYST = "analyst@example.com"
VERSION = "test-v1"
MONTHS = {2024: 12, 2025: 12, 2026: 6}  # bars per year in monthly_revenue
REGIONS = [("EU", 120.5), ("US", 98.0), ("APAC", 75.25), ("=HYPERLINK(1)", 1.0)]
DAYS = 30


def write_databases(root: Path) -> None:
    with sqlite3.connect(root / "warehouse.db") as db:
        db.execute("CREATE TABLE monthly_revenue (year INTEGER, month TEXT, revenue REAL)")
        db.executemany(
            "INSERT INTO monthly_revenue VALUES (?, ?, ?)",
            [
                (year, f"{year}-{m:02d}-01", 100.0 + year % 100 + m)
                for year, count in MONTHS.items()
                for m in range(1, count + 1)
            ],
        )
        db.execute("CREATE TABLE regions (region TEXT, revenue REAL)")
        db.executemany("INSERT INTO regions VALUES (?, ?)", REGIONS)
        db.execute("CREATE TABLE daily (day TEXT, value INTEGER)")
        db.executemany(
            "INSERT INTO daily VALUES (?, ?)",
            [(f"2026-01-{d:02d}", d * 3 % 17) for d in range(1, DAYS + 1)],
        )
    with sqlite3.connect(root / "secret.db") as db:
        db.execute("CREATE TABLE salaries (name TEXT, salary REAL)")
        db.execute("INSERT INTO salaries VALUES ('a', 1)")


OVERVIEW = """\
# Sales overview

Revenue by month, region and day. **All figures in EUR.**

## Monthly revenue

```plot view=monthly_revenue params.year=2026 height=260 title="Revenue by month"
inputs({ year: { type: "select", options: [2024, 2025, 2026], label: "Year" } })
Plot.rectY(data, { x: "month", y: "revenue", interval: "month", fill: "steelblue" })
```

## Regions

```plot view=regions
// statements may precede the last expression
const sorted = d3.sort(data, (d) => -d.revenue)
Plot.dot(sorted, { x: "revenue", y: "region", r: 6 })
```

## Daily

```plot view=daily height=200
[Plot.ruleY([0]), Plot.lineY(data, { x: "day", y: "value" })]
```

```plot view=regions title="Region bars"
({ marks: [Plot.barX(data, { x: "revenue", y: "region" })], marginLeft: 110 })
```

| Region | Note |
|--------|------|
| EU     | largest |
"""

PROBLEMS = """\
# Problems

```plot view=regions title="Still fine"
Plot.dot(data, { x: "revenue", y: "region" })
```

```plot view=regions title="Broken code"
Plot.dot(data, { x: missingVariable })
```

```plot view=salaries connection=secret title="Not for you"
Plot.dot(data, { x: "salary" })
```

```plot view=regions title="No expression"
const chart = Plot.dot(data, { x: "revenue" })
```
"""


def build_workspace() -> Workspace:
    sales = dashboard(
        "sales",
        page("index", "Sales overview", OVERVIEW),
        page("problems", "Problems", PROBLEMS),
        title="Sales",
        description="Revenue <b>by</b> month & region",
        members={"analyst": {ANALYST}, "admin": {"boss@example.com"}},
        connections={"warehouse": {"analyst", "admin"}, "secret": {"admin"}},
    )
    ops = dashboard(
        "ops",
        page("index", "Ops", "# Ops\n"),
        title="Operations",
        members={"oncall": {"oncall@example.com"}},
        connections={"warehouse": {"oncall"}},
    )
    return Workspace({"sales": sales, "ops": ops}, version=VERSION)
