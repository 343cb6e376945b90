"""The island element a plot block becomes: attributes as escaped ``data-*``, no code.

The browser runtime finds islands by ``figure.pp-block`` and reads everything it needs
from the data attributes; the block's code is fetched from ``data-module``.
"""

from __future__ import annotations

import json
import re
from html import escape

from plotpress.domain.workspace import Block, Dashboard

_CLASS_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def css_classes(value: str | None) -> list[str]:
    """The author's ``class=`` as CSS class tokens; anything else is dropped."""
    return [word for word in (value or "").split() if _CLASS_TOKEN.fullmatch(word)]


def island(
    block: Block,
    dashboard: Dashboard,
    *,
    page: str,
    name: str,
    module_url: str,
    csv_url: str,
) -> str:
    """The ``<figure>`` for ``block``; ``name`` is its accessible name (title or heading)."""
    ident = f"pp-block-{block.index}"
    attributes = {
        "class": " ".join(["pp-block", *css_classes(block.css_class)]),
        "id": ident,
        "aria-labelledby": f"{ident}-title",
        "data-dashboard": dashboard.slug,
        "data-page": page,
        "data-block": block.index,
        "data-kind": block.kind.value,
        "data-name": block.name,
        "data-connection": dashboard.block_connection(block) or "",
        "data-params": json.dumps(dict(block.params), sort_keys=True),
        "data-height": block.height or "",
        "data-label": name,
        "data-module": module_url,
        "data-csv": csv_url,
    }
    opening = " ".join(f'{key}="{_attr(value)}"' for key, value in attributes.items())
    caption_class = "pp-block-title" if block.title else "pp-block-title pp-visually-hidden"
    return (
        f"<figure {opening}>\n"
        f'<figcaption class="{caption_class}" id="{ident}-title">{escape(name)}</figcaption>\n'
        '<div class="pp-inputs" hidden></div>\n'
        '<div class="pp-chart" aria-busy="true">'
        '<p class="pp-status pp-loading">Loading…</p></div>\n'
        '<div class="pp-tools">'
        f'<a class="pp-csv" href="{_attr(csv_url)}" download>Download CSV</a>'
        '<details class="pp-data"><summary>Show data</summary>'
        '<div class="pp-data-table"></div></details>'
        "</div>\n"
        "<noscript><p>This chart needs JavaScript.</p></noscript>\n"
        "</figure>\n"
    )


def missing_island(position: int) -> str:
    """What stands where a fence has no loaded block (should not happen on a valid page)."""
    return (
        '<figure class="pp-block pp-failed">'
        f'<p class="pp-status pp-error">Chart {position + 1} is not available.</p>'
        "</figure>\n"
    )
