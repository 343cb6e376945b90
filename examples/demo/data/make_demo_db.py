"""Regenerate the demo data: data/demo.sqlite and the CSV files under data/sales/.

Deterministic (a fixed seed, no clock), so re-running it reproduces the committed files
byte for byte apart from SQLite page layout details. Run from anywhere:

    python examples/demo/data/make_demo_db.py
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sqlite3
from pathlib import Path

HERE = Path(__file__).resolve().parent
REGIONS = ("EU", "NA", "APAC")
CUSTOMERS = (
    "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Tyrell",
    "Cyberdyne", "Soylent", "Wonka", "Gringotts",
)  # fmt: skip
SERVICES = ("api", "web", "worker")
START = dt.date(2025, 1, 1)
DAYS = 365


def orders(rng: random.Random) -> list[tuple[int, str, str, str, float]]:
    rows = []
    for order_id in range(1, 1501):
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        region = rng.choice(REGIONS)
        customer = rng.choice(CUSTOMERS)
        amount = round(rng.uniform(50, 2500), 2)
        rows.append((order_id, day.isoformat(), region, customer, amount))
    return rows


def requests(rng: random.Random) -> list[tuple[str, str, int, int, float]]:
    rows = []
    for offset in range(0, DAYS, 2):
        day = (START + dt.timedelta(days=offset)).isoformat()
        for service in SERVICES:
            count = rng.randrange(20_000, 90_000)
            errors = int(count * rng.uniform(0.001, 0.03))
            rows.append((day, service, count, errors, round(rng.uniform(80, 900), 1)))
    return rows


def build_db(path: Path, rng: random.Random) -> list[tuple[int, str, str, str, float]]:
    path.unlink(missing_ok=True)
    order_rows = orders(rng)
    with sqlite3.connect(path) as db:
        db.executescript(
            """
            CREATE TABLE sales_orders (order_id INTEGER PRIMARY KEY, order_date TEXT NOT NULL,
                region TEXT NOT NULL, customer TEXT NOT NULL, amount REAL NOT NULL);
            CREATE TABLE requests (day TEXT NOT NULL, service TEXT NOT NULL,
                requests INTEGER NOT NULL, errors INTEGER NOT NULL, p95_ms REAL NOT NULL);
            CREATE TABLE incidents (id INTEGER PRIMARY KEY, opened TEXT NOT NULL,
                service TEXT NOT NULL, severity TEXT NOT NULL, minutes INTEGER NOT NULL);
            CREATE VIEW customer_revenue AS
                SELECT region, customer, ROUND(SUM(amount), 2) AS revenue, COUNT(*) AS orders
                FROM sales_orders GROUP BY region, customer;
            CREATE VIEW daily_requests AS
                SELECT day, service, requests, errors, p95_ms,
                       ROUND(100.0 * errors / requests, 3) AS error_pct
                FROM requests;
            CREATE VIEW incident_minutes AS
                SELECT substr(opened, 1, 7) AS month, service, severity,
                       SUM(minutes) AS minutes, COUNT(*) AS incidents
                FROM incidents GROUP BY month, service, severity;
            """
        )
        db.executemany("INSERT INTO sales_orders VALUES (?, ?, ?, ?, ?)", order_rows)
        db.executemany("INSERT INTO requests VALUES (?, ?, ?, ?, ?)", requests(rng))
        incident_rows = [
            (
                number,
                (START + dt.timedelta(days=rng.randrange(DAYS))).isoformat(),
                rng.choice(SERVICES),
                rng.choice(("sev1", "sev2", "sev3")),
                rng.randrange(5, 240),
            )
            for number in range(1, 61)
        ]
        db.executemany("INSERT INTO incidents VALUES (?, ?, ?, ?, ?)", incident_rows)
    with sqlite3.connect(path) as db:
        db.execute("VACUUM")
    return order_rows


def write_csvs(folder: Path, order_rows: list[tuple[int, str, str, str, float]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    monthly: dict[tuple[str, str], float] = {}
    for _, day, region, _, amount in order_rows:
        key = (day[:7], region)
        monthly[key] = monthly.get(key, 0.0) + amount
    with (folder / "monthly_revenue.csv").open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["month", "region", "revenue"])
        for (month, region), revenue in sorted(monthly.items()):
            writer.writerow([month, region, f"{revenue:.2f}"])
    with (folder / "regions.csv").open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["region", "name", "currency"])
        writer.writerows([("EU", "Europe", "EUR"), ("NA", "North America", "USD"),
                          ("APAC", "Asia-Pacific", "USD")])  # fmt: skip


def main() -> None:
    rng = random.Random(2026)  # noqa: S311 -- reproducible demo data, not a secret
    order_rows = build_db(HERE / "demo.sqlite", rng)
    write_csvs(HERE / "sales", order_rows)


if __name__ == "__main__":
    main()
