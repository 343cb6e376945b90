"""The page renderer adapter: Markdown to HTML with chart islands, block bodies to modules."""

from plotpress.adapters.pages.markdown import MarkdownPageRenderer

__all__ = ["MarkdownPageRenderer"]
