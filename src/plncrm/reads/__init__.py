"""The read side: plain SQL over `store.plain`, one query per question.

Below `core` and free of SQLAlchemy, so that `pln due`, `list`, `show`, `search`
and TAB completion read an SQLite store through the standard library alone. The
core's ORM code reads through the same functions (a session wraps into a
reader), so each query is written once for every command and both engines.
"""
