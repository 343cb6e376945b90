"""``plotpress migrate``: bring the metadata store's schema up to date."""

from __future__ import annotations

import argparse

from plotpress.entrypoints.runtime import Runtime


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workspace", nargs="?", default=None, help="workspace directory")


def run(args: argparse.Namespace) -> int:
    runtime = Runtime.from_env(args.workspace)
    version = runtime.store.migrate()
    runtime.store.close()
    print(f"metadata store at schema version {version}")
    return 0
