"""Packaging that pyproject.toml cannot say alone: the top-level cypher/ installs as ``atocore/cypher/``.

Every other setting lives in pyproject.toml. setuptools' package discovery
cannot find a package that ``package-dir`` maps elsewhere, so the package list
is built here: ``atocore`` and its subpackages as found, plus ``atocore.cypher``
(the repository's ``cypher/``, kept at the top level) and its sections.
"""

from setuptools import find_namespace_packages, setup

CYPHER = ["atocore.cypher", *(f"atocore.cypher.{name}" for name in find_namespace_packages(where="cypher"))]

setup(packages=[*find_namespace_packages(include=["atocore*"]), *CYPHER])
