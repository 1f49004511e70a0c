"""plncrm: a personal CRM for growing a professional learning network."""

from __future__ import annotations

__version__ = "0.1.0"
