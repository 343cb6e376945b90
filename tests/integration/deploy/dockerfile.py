"""Read the Dockerfile and .dockerignore the way ``docker build`` does, for tests."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import attrs

from tests.integration.deploy.chart import REPO

DOCKERFILE = REPO / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"


@attrs.frozen
class Instruction:
    keyword: str
    arguments: str
    line: int

    def exec_form(self) -> list[str] | None:
        """The JSON array of an exec-form CMD/HEALTHCHECK/VOLUME, else None."""
        text = self.arguments
        if self.keyword == "HEALTHCHECK":
            text = re.sub(r"^(--[a-z-]+=\S+\s+)*CMD\s+", "", text)
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            return None
        return value if isinstance(value, list) else None


@attrs.frozen
class Stage:
    base: str
    name: str | None
    instructions: list[Instruction]

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]

    def env(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for instruction in self.all("ENV"):
            for word in shlex.split(instruction.arguments):
                key, _, value = word.partition("=")
                values[key] = value
        return values


def instructions(text: str) -> list[Instruction]:
    """Instructions with continuation lines joined; comments and blank lines dropped."""
    found: list[Instruction] = []
    pending = ""
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        whole = (pending + line).strip()
        pending = ""
        keyword, _, arguments = whole.partition(" ")
        found.append(Instruction(keyword.upper(), " ".join(arguments.split()), start))
    assert not pending, "the Dockerfile ends inside a continued line"
    return found


def stages(text: str) -> tuple[dict[str, str], list[Stage]]:
    """Global ARG defaults, and the stages in order (FROM ${ARG} resolved)."""
    args: dict[str, str] = {}
    result: list[Stage] = []
    for instruction in instructions(text):
        if instruction.keyword == "FROM":
            words = instruction.arguments.split()
            base = re.sub(r"\$\{(\w+)\}", lambda m: args[m.group(1)], words[0])
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            result.append(Stage(base, name, []))
        elif not result and instruction.keyword == "ARG":
            key, _, value = instruction.arguments.partition("=")
            args[key] = value
        else:
            result[-1].instructions.append(instruction)
    return args, result


def ignore_patterns() -> list[str]:
    lines = (line.strip() for line in DOCKERIGNORE.read_text().splitlines())
    return [line.lstrip("/") for line in lines if line and not line.startswith("#")]


def _pattern(pattern: str) -> re.Pattern[str]:
    out = ""
    pos = 0
    while pos < len(pattern):
        if pattern.startswith("**/", pos):
            out += "(?:.*/)?"
            pos += 3
        elif pattern.startswith("**", pos):
            out += ".*"
            pos += 2
        elif pattern[pos] == "*":
            out += "[^/]*"
            pos += 1
        elif pattern[pos] == "?":
            out += "[^/]"
            pos += 1
        else:
            out += re.escape(pattern[pos])
            pos += 1
    return re.compile(out)


def ignored(relative: str, patterns: list[str]) -> bool:
    """Whether .dockerignore leaves ``relative`` (or a folder above it) out of the context."""
    parts = relative.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    verdict = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        regex = _pattern(pattern.removeprefix("!"))
        if any(regex.fullmatch(prefix) for prefix in prefixes):
            verdict = not negate
    return verdict


def build_context(sources: list[str], into: Path) -> Path:
    """Copy ``sources`` from the repository as ``docker build`` would send them."""
    patterns = ignore_patterns()
    for source in sources:
        root = REPO / source
        paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in paths:
            relative = path.relative_to(REPO).as_posix()
            if ignored(relative, patterns):
                continue
            target = into / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    return into
