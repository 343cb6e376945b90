"""One ``dashboards/<slug>/`` folder: its YAML files, query and view files, and pages.

Page order: the names listed in ``dashboard.yaml``'s ``pages`` first, in that order;
then every other page, ``index`` first and the rest alphabetically. Every ``*.md``
file of the folder is a page; sub-folders other than ``queries/`` and ``views/`` are
not read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from markdown_it import MarkdownIt

from plotpress.adapters.workspace.blocks import BlockContext, build_block
from plotpress.adapters.workspace.connections import load_connections
from plotpress.adapters.workspace.converter import structure
from plotpress.adapters.workspace.documents import declared_names, read_yaml
from plotpress.adapters.workspace.files import WorkspaceFiles
from plotpress.adapters.workspace.markdown import parse_page
from plotpress.adapters.workspace.names import identifier_problem, safe_name_problem
from plotpress.adapters.workspace.problems import ProblemLog
from plotpress.adapters.workspace.query_files import parse_query_file, parse_view_file
from plotpress.adapters.workspace.roles import load_roles
from plotpress.adapters.workspace.schema import DashboardSpec
from plotpress.adapters.workspace.yaml_source import YamlDocument
from plotpress.domain.workspace import Block, Dashboard, Page

INDEX_PAGE = "index"
_S = TypeVar("_S")
SqlParser = Callable[..., _S]


class DashboardLoader:
    """Loads the dashboards of one workspace load, logging into one ProblemLog."""

    def __init__(
        self,
        files: WorkspaceFiles,
        environ: Mapping[str, str],
        parser: MarkdownIt,
        problems: ProblemLog,
    ) -> None:
        self._files = files
        self._environ = environ
        self._parser = parser
        self._problems = problems

    def load(self, slug: str) -> Dashboard | None:
        """The dashboard, or None when it has any problem (all of them logged)."""
        problems, folder = self._problems, f"dashboards/{slug}"
        found = len(problems)
        spec_file = f"{folder}/dashboard.yaml"
        spec_doc = self._yaml(spec_file, required=True)
        spec = (
            structure(spec_doc.data, DashboardSpec, doc=spec_doc, file=spec_file, problems=problems)
            if spec_doc
            else None
        )
        users_file, connections_file = f"{folder}/users.yaml", f"{folder}/connections.yaml"
        users_doc = self._yaml(users_file)
        roles = load_roles(users_doc, file=users_file, problems=problems) if users_doc else {}
        connections_doc = self._yaml(connections_file)
        connections = {}
        if connections_doc is not None:
            connections = load_connections(
                connections_doc,
                file=connections_file,
                problems=problems,
                environ=self._environ,
                roles=declared_names(users_doc, exists=self._exists(users_file)),
                users_file=users_file,
            )
        connection_names = declared_names(connections_doc, exists=self._exists(connections_file))
        default = spec.connection if spec else None
        if (
            spec_doc is not None
            and default is not None
            and connection_names is not None
            and default not in connection_names
        ):
            problems.add(
                spec_file,
                f"connection {default!r} is not defined in {connections_file}",
                line=spec_doc.line_of(("connection",)),
                key="connection",
            )
        query_names, queries = self._sql_files(folder, "queries", parse_query_file)
        _, views = self._sql_files(folder, "views", parse_view_file)
        context = BlockContext(
            folder, connection_names, default, spec is not None, query_names, queries
        )
        pages = self._pages(folder, context)
        if spec is None or spec_doc is None:
            return None
        ordered = self._order(pages, spec, spec_doc, spec_file)
        self._check_views(spec, spec_doc, spec_file)
        if len(problems) > found:
            return None
        return Dashboard(
            slug=slug,
            title=spec.title,
            pages=ordered,
            connections=connections,
            roles=roles,
            queries=queries,
            views=views,
            description=spec.description,
            default_connection=default,
            extra_views=tuple(spec.views),
        )

    def _exists(self, rel: str) -> bool:
        return self._files.path(rel).is_file()

    def _yaml(self, rel: str, *, required: bool = False) -> YamlDocument | None:
        if not self._files.path(rel).is_file():
            if required:
                self._problems.add(rel, "file is missing (every dashboard needs one, with a title)")
            return None
        return read_yaml(self._files, rel, self._problems)

    def _sql_files(
        self, folder: str, sub: str, parse: SqlParser[_S]
    ) -> tuple[frozenset[str], dict[str, _S]]:
        directory = self._files.path(f"{folder}/{sub}")
        if not directory.is_dir():
            return frozenset(), {}
        names: set[str] = set()
        parsed: dict[str, _S] = {}
        for path in sorted(directory.glob("*.sql")):
            name, rel = path.stem, self._files.relative(path)
            if name.startswith("_"):
                continue  # private: shared snippets, never addressable
            names.add(name)
            invalid = identifier_problem(sub.removesuffix("s"), name)
            if invalid:
                self._problems.add(rel, invalid)
                continue
            text = self._files.read(rel)
            if text is not None:
                parsed[name] = parse(name, text, file=rel, problems=self._problems)
        return frozenset(names), parsed

    def _pages(self, folder: str, context: BlockContext) -> dict[str, Page]:
        pages: dict[str, Page] = {}
        for path in sorted(self._files.path(folder).glob("*.md")):
            name, rel = path.stem, self._files.relative(path)
            invalid = safe_name_problem("page", name)
            if invalid:
                self._problems.add(rel, invalid)
                continue
            text = self._files.read(rel)
            if text is None:
                continue
            parsed = parse_page(text, file=rel, parser=self._parser, problems=self._problems)
            blocks: list[Block] = []
            for index, fence in enumerate(parsed.fences):
                block = build_block(
                    fence, index, file=rel, context=context, problems=self._problems
                )
                if block is not None:
                    blocks.append(block)
            pages[name] = Page(
                name=name,
                title=parsed.title or name,
                markdown=parsed.markdown,
                blocks=tuple(blocks),
                source=rel,
            )
        return pages

    def _order(
        self, pages: dict[str, Page], spec: DashboardSpec, doc: YamlDocument, file: str
    ) -> tuple[Page, ...]:
        listed: list[str] = []
        for index, name in enumerate(spec.pages or ()):
            line, key = doc.line_of(("pages", index)), "pages"
            invalid = safe_name_problem("page", name)
            if invalid:
                self._problems.add(file, invalid, line=line, key=key)
            elif name in listed:
                self._problems.add(file, f"page {name!r} is listed twice", line=line, key=key)
            elif name not in pages:
                message = f"page {name!r} does not exist (no {file.rsplit('/', 1)[0]}/{name}.md)"
                self._problems.add(file, message, line=line, key=key)
            else:
                listed.append(name)
        rest = sorted(set(pages) - set(listed), key=lambda n: (n != INDEX_PAGE, n))
        return tuple(pages[name] for name in [*listed, *rest])

    def _check_views(self, spec: DashboardSpec, doc: YamlDocument, file: str) -> None:
        for index, name in enumerate(spec.views):
            invalid = identifier_problem("view", name)
            if invalid:
                self._problems.add(file, invalid, line=doc.line_of(("views", index)), key="views")
        if spec.views and spec.connection is None:
            message = "views need a default 'connection' to run on"
            self._problems.add(file, message, line=doc.line_of(("views",)), key="views")
