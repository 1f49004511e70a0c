from __future__ import annotations

from plncrm.cli import main

main()
