"""Pages: CommonMark (markdown-it-py) with YAML front matter and ```` ```plot ```` fences.

The parser is the one the page renderer uses (adapters/markdown_parser.py), so the
fences found here are the islands rendered there, in the same order. The
front matter is blanked out of ``Page.markdown`` line for line: nothing of it renders
and every block keeps its line number in the file.
"""

from __future__ import annotations

import attrs
from markdown_it import MarkdownIt
from markdown_it.token import Token

from plotpress.adapters.markdown_parser import make_markdown
from plotpress.adapters.workspace.converter import structure
from plotpress.adapters.workspace.problems import ProblemLog
from plotpress.adapters.workspace.schema import FrontMatterSpec
from plotpress.adapters.workspace.yaml_source import YamlError, load_yaml
from plotpress.domain.infostring import is_plot_info


def make_parser() -> MarkdownIt:
    """The page parser: the renderer's parser (CommonMark, tables, front matter)."""
    return make_markdown()


@attrs.frozen
class PlotFence:
    """A ```` ```plot ```` fence as written: raw info string, code, 1-based opening line."""

    info: str
    code: str
    line: int


@attrs.frozen
class ParsedPage:
    title: str | None
    markdown: str
    fences: tuple[PlotFence, ...]


def parse_page(text: str, *, file: str, parser: MarkdownIt, problems: ProblemLog) -> ParsedPage:
    """Front matter title (else the first ``# heading``), the body and its plot fences."""
    tokens = parser.parse(text)
    lines = text.split("\n")
    title: str | None = None
    markdown = text
    fences: list[PlotFence] = []
    for index, token in enumerate(tokens):
        if token.type == "front_matter" and token.map is not None:
            title = _front_matter_title(token, file=file, problems=problems)
            markdown = _blank_lines(text, token.map[1])
        elif token.type == "fence" and is_plot_info(token.info) and token.map is not None:
            info = _raw_info(lines[token.map[0]], token.markup)
            fences.append(PlotFence(info, token.content, token.map[0] + 1))
        elif title is None and token.type == "heading_open" and token.tag == "h1":
            title = _plain_text(tokens[index + 1]) or None
    return ParsedPage(title, markdown, tuple(fences))


def _front_matter_title(token: Token, *, file: str, problems: ProblemLog) -> str | None:
    assert token.map is not None
    try:
        doc = load_yaml(token.content, first_line=token.map[0] + 2)
    except YamlError as exc:
        problems.add(file, exc.message, line=exc.line)
        return None
    spec = structure(doc.data, FrontMatterSpec, doc=doc, file=file, problems=problems)
    return spec.title if spec is not None else None


def _raw_info(line: str, markup: str) -> str:
    # CommonMark unescapes backslashes and entities in info strings; the attribute
    # grammar has its own quoting, so it must see the text exactly as written.
    return line[line.index(markup) + len(markup) :].strip()


def _blank_lines(text: str, end_line: int) -> str:
    lines = text.split("\n")
    return "\n" * end_line + "\n".join(lines[end_line:])


def _plain_text(inline: Token) -> str:
    parts = [
        child.content
        for child in inline.children or []
        if child.type in {"text", "code_inline", "html_inline"}
    ]
    return " ".join("".join(parts).split())
