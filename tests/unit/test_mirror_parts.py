"""The Mirror's parts that need no graph: diagram cutting, page stamps, HTML links, the daily schedule."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from atocore.services.mirror import diagrams, html, store
from atocore.services.mirror.worker import next_daily


def tree_rows(roots: int, children: int) -> list[dict]:
    rows = []
    for r in range(roots):
        root = f"subsystem.r{r:02d}"
        rows.append({"key": root, "name": f"Root {r}", "depth": 0, "path": [root], "parent_key": None})
        for c in range(children):
            key = f"{root}-c{c:02d}"
            rows.append({"key": key, "name": f"Child {c}", "depth": 1, "path": [root, key], "parent_key": root})
    for row in rows:
        row["total_components"] = 1
    return rows


def node_count(source: str) -> int:
    return sum(1 for line in source.splitlines() if line.strip().startswith("n") and '["' in line)


def test_a_small_tree_is_drawn_whole_without_a_note() -> None:
    source, note = diagrams.subsystem_tree(tree_rows(2, 3))
    assert source is not None and source.startswith("flowchart TD") and node_count(source) == 8 and note == ""


def test_a_large_tree_keeps_the_levels_that_fit_and_says_how_many_are_below() -> None:
    source, note = diagrams.subsystem_tree(tree_rows(5, 20))  # 105 subsystems: only the roots fit
    assert source is not None and node_count(source) == 10  # 5 roots + 5 "+20 subsystems below"
    assert source.count("+20 subsystems below") == 5 and "-.->" in source
    assert note == "The diagram draws 5 of 105 subsystems (levels that fit whole)."


def test_too_many_roots_are_folded_into_one_node() -> None:
    source, _ = diagrams.subsystem_tree(tree_rows(diagrams.MAX_NODES + 7, 0))
    assert source is not None and "+7 more root subsystems" in source
    assert node_count(source) <= diagrams.MAX_NODES + 1


def test_traceability_draws_broken_chains_first_with_the_gap_marked() -> None:
    rows = [
        {
            "key": f"requirement.r{i:02d}",
            "name": f"R{i}",
            "complete": i % 2 == 0,
            "missing": [] if i % 2 == 0 else ["analysis"],
            "satisfiers": ["component.a"],
            "models": ["analysis-model.m"],
            "results": ["result.x"],
            "claims": ["validation-claim.c"],
        }
        for i in range(30)
    ]
    source, note = diagrams.traceability(rows)
    assert source is not None
    assert note == (
        "15 of 30 requirement chains are broken. The diagram draws 12 of them, broken ones first; the table lists all."
    )
    assert source.count("missing: no analysis model") == 12  # only broken ones fit: broken first
    assert "classDef missing" in source and "-.->|analyzed by|" in source


def dependency(key: str, *based_on: tuple[str, bool]) -> dict:
    return {
        "key": key,
        "name": key.split(".")[1],
        "based_on": [{"key": k, "name": k.split(".")[1], "needs_review": flag} for k, flag in based_on],
    }


def test_the_decision_graph_highlights_doubtful_assumptions_and_the_decisions_at_risk() -> None:
    deps = [
        dependency("decision.a", ("assumption.shaky", True)),
        dependency("decision.b", ("decision.a", False)),
        dependency("decision.c", ("assumption.solid", False)),
    ]
    flagged = [
        {"key": "decision.a", "assumption_key": "assumption.shaky"},
        {"key": "decision.b", "assumption_key": "assumption.shaky"},
    ]
    source, note = diagrams.decisions(deps, flagged)
    assert source is not None and note == ""
    ids = {
        line.split('["')[1].split("<br/>")[1].rstrip('"]'): line.split('["')[0].strip()
        for line in source.splitlines()
        if '["' in line
    }
    assert f"class {ids['assumption.shaky']} doubtful" in source
    assert (
        f"class {','.join(sorted([ids['decision.a'], ids['decision.b']], key=lambda n: int(n[1:])))} atrisk" in source
    )


def test_one_huge_decision_group_is_cut_to_the_part_nearest_its_doubtful_assumption() -> None:
    chain = [dependency(f"decision.d{i:03d}", (f"decision.d{i + 1:03d}", False)) for i in range(99)]
    chain.append(dependency("decision.d099", ("assumption.shaky", True)))
    source, note = diagrams.decisions(chain, [])
    assert source is not None and node_count(source) == diagrams.MAX_NODES
    assert "assumption.shaky" in source and "decision.d099" in source and "decision.d000" not in source
    assert note == f"The diagram draws {diagrams.MAX_NODES} of 101 decisions and assumptions."
    assert diagrams.decisions(chain, []) == (source, note)  # deterministic


def test_labels_cannot_break_out_of_a_node() -> None:
    assert diagrams.label('a "b" <c> & d | e\nf') == "a #quot;b#quot; #lt;c#gt; #amp; d #124; e f"


def test_a_page_stamp_is_read_from_its_banner(tmp_path: Path) -> None:
    page = tmp_path / "p" / "overview.md"
    checksum = "sha256:" + "ab" * 32
    store.write_atomically(page, f"<!--\n  generated: 2030-01-01T00:00:00Z\n  inputs: {checksum}\n-->\n# x\n")
    assert store.read_stamp(page) == store.Stamp("2030-01-01T00:00:00Z", checksum)
    assert store.read_stamp(tmp_path / "missing.md") is None
    (tmp_path / "hand.md").write_text("# written by hand\n")
    assert store.read_stamp(tmp_path / "hand.md") is None
    assert [p.name for p in page.parent.iterdir()] == ["overview.md"]  # no temporary file left behind


def test_subsystem_keys_make_safe_page_names() -> None:
    name = store.page_name(store.SUBSYSTEMS, "subsystem.a/b c")
    assert name == "subsystems/subsystem.a%2Fb%20c" and store.subsystem_key(name) == "subsystem.a/b c"
    assert store.subsystem_key(store.OVERVIEW) is None


def test_links_between_pages_lead_to_their_html_views() -> None:
    view = html.View(project="p 1", page="subsystems/subsystem.x", browser_url="http://b/", browser_query="RETURN 1")
    assert html._mirror_link(view, "../overview.md#conflict-9") == "/mirror/p%201/overview.html#conflict-9"
    assert html._mirror_link(view, "subsystem.y.md") == "/mirror/p%201/subsystems/subsystem.y.html"
    assert html._mirror_link(view, "https://example.org/a.md") is None
    link = html.browser_link(view, "component.pad")
    assert link.startswith("http://b/?cmd=edit&arg=") and "component.pad" in link


def test_the_daily_pass_is_the_next_occurrence_of_its_local_time() -> None:
    assert next_daily(datetime(2030, 1, 1, 2, 0), "03:30") == datetime(2030, 1, 1, 3, 30)
    assert next_daily(datetime(2030, 1, 1, 3, 30), "03:30") == datetime(2030, 1, 2, 3, 30)
    assert next_daily(datetime(2030, 1, 1, 4, 0), "") is None
