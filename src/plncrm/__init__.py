"""plncrm: a personal CRM for growing a professional learning network."""

from __future__ import annotations

__version__ = "0.8.0"  # pyproject.toml's, as tests/test_docs.py checks
