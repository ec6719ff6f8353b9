"""Imports from KB-CAD and KB-FEM: a one-way mirror that proposes candidates.

``mirror`` runs an import (see its docstring for what an import does),
``compare`` decides what each record is before anything is written,
``lease`` holds the project's import lease and the write batches,
``report`` the report and the reads of imports, ``review`` promotes or
rejects an import as a whole. The functions a request calls are imported
here.
"""

from atocore.services.engineering.imports.mirror import run_import
from atocore.services.engineering.imports.report import ImportRecord, ImportReport, get_import, list_imports
from atocore.services.engineering.imports.review import PromoteReport, RejectReport, promote_import, reject_import

__all__ = [
    "ImportRecord",
    "ImportReport",
    "PromoteReport",
    "RejectReport",
    "get_import",
    "list_imports",
    "promote_import",
    "reject_import",
    "run_import",
]
