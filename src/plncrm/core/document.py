"""The whole-store JSON document that `pln export json` writes and `pln import
json` reads: its name and version, and the contact details it lists inline
(`emails`, `phones`, …). Stated once, for the exporter and the importer."""

from __future__ import annotations

from plncrm.store.kinds import DETAIL_KINDS

FORMAT, VERSION = "plncrm", 1
DETAIL_LISTS = {kind: f"{kind}s" for kind in DETAIL_KINDS}
