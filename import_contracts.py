"""Import-linter contract types of plncrm's own, named in pyproject.toml
(`contract_types`); `lint-imports` finds this module because it puts the
directory it runs in on the path.

`exclude_type_checking_imports` is a setting of a whole configuration (the
import graph is built once for it), not of a contract: import-linter has no
way to make one contract count the imports under `if TYPE_CHECKING:` while
the others leave them out. The layer contract must leave them out (a type
named in a signature is no dependency at run time), and so must the one that
keeps SQL out of the commands (they annotate with SQLModel's `Session`). The
contract that keeps `render/` to drawing must count them: an import made only
for the type checker is still the drawing layer knowing the store's rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from importlinter.contracts.forbidden import ForbiddenContract

if TYPE_CHECKING:
    from grimp import ImportGraph
    from importlinter.domain.contract import ContractCheck


class ForbiddenEvenInAnnotations(ForbiddenContract):
    """A forbidden contract over the whole import graph, imports under
    `if TYPE_CHECKING:` included, whatever `exclude_type_checking_imports`
    says for the other contracts. Its options are the forbidden contract's.

    The graph it is handed leaves those imports out, so it builds its own:
    from the same root packages, with the same external packages, and no
    cache (the cache keeps one record of file times a package for graphs of
    either kind; the graph takes a fraction of a second to build)."""

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        import grimp

        external = str(self.session_options.get("include_external_packages")).lower() == "true"
        whole = grimp.build_graph(
            *self.session_options["root_packages"],
            include_external_packages=external,
            exclude_type_checking_imports=False,
            cache_dir=None,
        )
        return super().check(whole, verbose)
