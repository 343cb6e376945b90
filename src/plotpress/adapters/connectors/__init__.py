"""Data-source connectors, one module per driver; ``build_connector`` picks one."""

from plotpress.adapters.connectors.factory import build_connector

__all__ = ["build_connector"]
