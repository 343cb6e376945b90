"""The ``plotpress`` command line: one function per subcommand, listed in COMMANDS.

Each command builds what it needs itself (its own composition root), so importing
this module builds nothing. A subcommand is a ``Command``: a name, a help line, a
function that adds its arguments and a function that runs it and returns the exit code.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

import attrs

from plotpress import __version__
from plotpress.adapters.workspace import FilesystemWorkspace
from plotpress.entrypoints.commands import audit, init, migrate, serve
from plotpress.ports.workspace_source import WorkspaceInvalid, WorkspaceProblem

EXIT_OK = 0
EXIT_INVALID = 1


@attrs.frozen
class Command:
    """A subcommand: ``configure`` adds its arguments, ``run`` returns the exit code."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def default_workspace() -> str:
    return os.environ.get("PLOTPRESS_WORKSPACE", ".")


# --- validate -------------------------------------------------------------------------


def configure_validate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "workspace",
        nargs="?",
        default=None,
        help="workspace directory (default: $PLOTPRESS_WORKSPACE or the current directory)",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )


def run_validate(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Load the workspace and its settings; print every problem, or a one-line summary."""
    out = out or sys.stdout
    source = FilesystemWorkspace(args.workspace or default_workspace(), os.environ)
    problems: list[WorkspaceProblem] = []
    try:
        source.settings()
    except WorkspaceInvalid as exc:
        problems.extend(exc.problems)
    try:
        workspace = source.load()
    except WorkspaceInvalid as exc:
        problems.extend(exc.problems)
    if problems:
        if args.format == "json":
            report = {"ok": False, "problems": [_problem_json(p) for p in problems]}
            print(json.dumps(report, indent=2), file=out)
        else:
            for problem in problems:
                print(problem, file=out)
            print(f"{len(problems)} problem(s)", file=sys.stderr)
        return EXIT_INVALID
    counts = {
        "dashboards": len(workspace.dashboards),
        "pages": sum(len(d.pages) for d in workspace),
        "blocks": sum(len(p.blocks) for d in workspace for p in d.pages),
        "connections": sum(len(d.connections) for d in workspace),
    }
    if args.format == "json":
        print(json.dumps({"ok": True, **counts, "version": workspace.version}), file=out)
    else:
        print("ok: " + ", ".join(f"{n} {name}" for name, n in counts.items()), file=out)
    return EXIT_OK


def _problem_json(problem: WorkspaceProblem) -> dict[str, object]:
    return {
        "file": problem.file,
        "line": problem.line,
        "key": problem.key,
        "message": problem.message,
        "text": str(problem),
    }


VALIDATE = Command(
    name="validate",
    help="check a workspace and print every problem (exit 1) or a summary (exit 0)",
    configure=configure_validate,
    run=run_validate,
)

# ---------------------------------------------------------------------------------------

COMMANDS: list[Command] = [
    VALIDATE,
    Command("serve", "serve a workspace over HTTP (gunicorn)", serve.configure, serve.run),
    Command(
        "migrate", "bring the metadata store schema up to date", migrate.configure, migrate.run
    ),
    Command("audit", "read the audit log (audit export)", audit.configure, audit.run),
    Command("init", "scaffold a small runnable workspace", init.configure, init.run),
]
"""Every subcommand, in the order ``--help`` lists them; add new ones here."""


def build_parser(commands: Sequence[Command] = ()) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plotpress", description="Dashboards as code: serve and check PlotPress workspaces."
    )
    parser.add_argument("--version", action="version", version=f"plotpress {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in commands or COMMANDS:
        sub = subparsers.add_parser(command.name, help=command.help, description=command.help)
        command.configure(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``plotpress`` console script; returns the exit code."""
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
