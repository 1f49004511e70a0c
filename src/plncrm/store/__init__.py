"""The store: where the database lives, how it is opened, and its migrations.

Importing this package is cheap; SQLAlchemy is only loaded by `store.engine`.
"""

from __future__ import annotations
