"""Neo4j notifications: off by default, so reads of names a fresh graph lacks log nothing."""

from __future__ import annotations

import logging

import pytest

from atocore.config import Settings
from atocore.graph import Graph

pytestmark = pytest.mark.integration

LOGGER = "neo4j.notifications"


def notifications(caplog, graph: Graph) -> list[str]:
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        assert graph.run("testing.unknown_names") == [{"found": 0}]
    return [r.getMessage() for r in caplog.records if r.name == LOGGER]


def test_default_setting_sends_no_notifications(caplog, clean_graph) -> None:
    assert clean_graph.settings.neo4j_notifications_min_severity == "OFF"
    assert notifications(caplog, clean_graph) == []


def test_warning_setting_brings_the_unknown_name_warnings_back(caplog, settings, test_catalog) -> None:
    """The control: the same read with notifications on does warn, so the test above can fail."""
    graph = Graph(settings.model_copy(update={"neo4j_notifications_min_severity": "WARNING"}), test_catalog)
    try:
        logged = notifications(caplog, graph)
    finally:
        graph.close()
    assert any("atocore_never_a_property" in m and "property key does not exist" in m for m in logged), logged
    assert any("AtoCoreNeverALabel" in m for m in logged), logged
    assert all(r.levelno == logging.WARNING for r in caplog.records if r.name == LOGGER)


def test_the_setting_reads_any_case_and_refuses_other_values() -> None:
    assert (
        Settings(_env_file=None, neo4j_notifications_min_severity=" information ").neo4j_notifications_min_severity
        == "INFORMATION"
    )
    with pytest.raises(ValueError, match="OFF"):
        Settings(_env_file=None, neo4j_notifications_min_severity="loud")
