"""SQL repositories shared by the SQLite and PostgreSQL metadata stores.

Both adapters speak the same SQL (upserts, RETURNING, partial indexes); what differs
(placeholders, how a time is stored, how errors are named) sits behind a ``Dialect``.
Keeping one implementation is what makes the contract suite meaningful: a behaviour
that passes on one backend is the same code on the other.
"""

from plotpress.adapters.sqlstore.dialect import Cursor, Dialect, Executor
from plotpress.adapters.sqlstore.unit_of_work import SqlUnitOfWork

__all__ = ["Cursor", "Dialect", "Executor", "SqlUnitOfWork"]
