"""The one Markdown parser of PlotPress, shared by the workspace loader and the renderer.

The loader finds a page's ```` ```plot ```` fences and numbers them; the renderer turns
the fences it finds into islands by that number. Two parsers that disagree about what
is a fence (raw HTML on in one, off in the other; tables in only one) would hand an
island another block's query, so both build their parser here and only add what does
not change the block structure (the renderer's heading ids).

Raw HTML is off (``html=False``): a page is shown to every viewer of the dashboard and
raw HTML is escaped, not passed through. The front-matter plugin only ever matches at
the very start of a file; the renderer sees the page with its front matter blanked.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin


def make_markdown() -> MarkdownIt:
    """CommonMark with GFM tables and YAML front matter; raw HTML is text."""
    return MarkdownIt("commonmark", {"html": False}).enable("table").use(front_matter_plugin)
