"""What an export states, as entity records and relationship links (no graph access).

Mapping (docs/architecture/kb-cad-export-schema.md, kb-fem-export-schema.md):

- every record id becomes its entity's key verbatim (``subsystem.optical-frame``
  stays ``subsystem.optical-frame``), so KB-FEM's references to KB-CAD ids
  and hand-made entities with the same key meet in one conflict slot;
- a parameter's key is ``<component id>.<parameter name>``;
- a material's key is ``material.<slug of its name>`` (a Material is shared
  by every component that names it);
- the links are CONTAINS (parent subsystem -> subsystem, subsystem ->
  component), USES_MATERIAL, HAS_PARAMETER, ANALYZES, PRODUCED and SUPPORTS.

A record carries only the facts the export *states* (a field that is present,
even as null); the import compares and changes only those.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from atocore.services.engineering.common import slug
from atocore.services.engineering.export_schema import (
    Export,
    KbCadComponent,
    KbCadExport,
    KbCadSubsystem,
    KbFemAnalysisModel,
    KbFemExport,
    KbFemResult,
    json_path,
)


def material_key(name: str) -> str:
    return f"material.{slug(name)}"


@dataclass
class Anchor:
    """The structural link a record's identity includes: its parent (in) or what it analyzes (out).

    ``key`` None with the anchor stated means the export says "no parent".
    """

    type: str
    direction: str  # in | out
    key: str | None


@dataclass
class Record:
    type: str
    key: str
    name: str
    path: str  # JSON path of the record in the export
    artifact: str  # the source artifact URI (provenance)
    stated: dict[str, Any]  # the facts the export states, by fact name
    anchor: Anchor | None = None  # None: the export says nothing about it
    reference: bool = False  # a Material: created when missing, never revised by an import
    compare_name: bool = True


@dataclass
class Link:
    """A relationship a record states about itself and another entity (named by key)."""

    type: str
    owner: tuple[str, str]  # (type, key) of the record stating it
    other_types: tuple[str, ...]  # the types the other key may resolve to, in order of preference
    other_key: str
    outgoing: bool  # owner -> other (else other -> owner)
    artifact: str
    path: str  # JSON path of the field that states the link


@dataclass
class Plan:
    records: list[Record] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    def add(self, record: Record) -> Record:
        self.records.append(record)
        return record


def _stated(model: Any, names: tuple[str, ...], renames: dict[str, str] | None = None) -> dict[str, Any]:
    """The fields of ``names`` present in the record (even as null), as facts."""
    renames = renames or {}
    return {renames.get(n, n): getattr(model, n) for n in names if n in model.model_fields_set}


def export_artifact(tool: str, project: str, exported_at: str) -> str:
    """The artifact standing for the whole export (provenance of records that name none)."""
    return f"{tool}://export/{project}/{exported_at.replace(' ', 'T')}"


# -- KB-CAD ---------------------------------------------------------------------
def _subsystem(plan: Plan, index: int, sub: KbCadSubsystem, fallback: str) -> None:
    path = f"$.subsystems[{index}]"
    artifact = sub.source_artifact or fallback
    anchor = Anchor("CONTAINS", "in", sub.parent) if "parent" in sub.model_fields_set else None
    plan.add(Record("Subsystem", sub.id, sub.name, path, artifact, _stated(sub, ("description",)), anchor))
    if sub.parent is not None:
        plan.links.append(
            Link("CONTAINS", ("Subsystem", sub.id), ("Subsystem",), sub.parent, False, artifact, f"{path}.parent")
        )


def _component(plan: Plan, sub: KbCadSubsystem, path: str, comp: KbCadComponent) -> None:
    stated = _stated(comp, ("part_number", "description", "material"))
    anchor = Anchor("CONTAINS", "in", sub.id)
    plan.add(Record("Component", comp.id, comp.name, path, comp.source_artifact, stated, anchor))
    plan.links.append(
        Link("CONTAINS", ("Component", comp.id), ("Subsystem",), sub.id, False, comp.source_artifact, path)
    )
    if comp.material is not None:
        key = material_key(comp.material)
        plan.add(
            Record(
                "Material",
                key,
                comp.material,
                f"{path}.material",
                comp.source_artifact,
                {},
                reference=True,
                compare_name=False,
            )
        )
        plan.links.append(
            Link(
                "USES_MATERIAL",
                ("Component", comp.id),
                ("Material",),
                key,
                True,
                comp.source_artifact,
                f"{path}.material",
            )
        )
    for name, value in comp.parameters.items():
        facts = {"value": value}
        if isinstance(value, dict):
            facts = {"value": value["value"], **({"unit": value["unit"]} if "unit" in value else {})}
        key, where = f"{comp.id}.{name}", path + json_path(("parameters", name))[1:]
        plan.add(Record("Parameter", key, name, where, comp.source_artifact, facts))  # its key names its component
        plan.links.append(
            Link("HAS_PARAMETER", ("Parameter", key), ("Component",), comp.id, False, comp.source_artifact, where)
        )


def plan_kb_cad(export: KbCadExport, project: str) -> Plan:
    plan = Plan()
    fallback = export_artifact("kb-cad", project, export.exported_at)
    for i, sub in enumerate(export.subsystems):
        _subsystem(plan, i, sub, fallback)
        for j, comp in enumerate(sub.components):
            _component(plan, sub, f"$.subsystems[{i}].components[{j}]", comp)
    return _dedupe_references(plan)


# -- KB-FEM ---------------------------------------------------------------------
def _model(plan: Plan, index: int, model: KbFemAnalysisModel, fallback: str) -> None:
    path = f"$.analysis_models[{index}]"
    artifact = model.source_artifact or fallback
    anchor = Anchor("ANALYZES", "out", model.subsystem) if "subsystem" in model.model_fields_set else None
    stated = {"tool": "kb-fem", **_stated(model, ("method", "description"))}
    plan.add(Record("AnalysisModel", model.id, model.name, path, artifact, stated, anchor))
    if model.subsystem is not None:
        plan.links.append(
            Link(
                "ANALYZES",
                ("AnalysisModel", model.id),
                ("Subsystem", "Component"),
                model.subsystem,
                True,
                artifact,
                f"{path}.subsystem",
            )
        )


def _result(plan: Plan, model: KbFemAnalysisModel, path: str, result: KbFemResult) -> None:
    stated = {"value": result.value, **_stated(result, ("unit", "description"))}
    plan.add(
        Record(
            "Result", result.id, result.name, path, result.source_artifact, stated, Anchor("PRODUCED", "in", model.id)
        )
    )
    plan.links.append(
        Link("PRODUCED", ("Result", result.id), ("AnalysisModel",), model.id, False, result.source_artifact, path)
    )
    if result.supports_validation_claim is not None:
        plan.links.append(
            Link(
                "SUPPORTS",
                ("Result", result.id),
                ("ValidationClaim",),
                result.supports_validation_claim,
                True,
                result.source_artifact,
                f"{path}.supports_validation_claim",
            )
        )


def plan_kb_fem(export: KbFemExport, project: str) -> Plan:
    plan = Plan()
    fallback = export_artifact("kb-fem", project, export.exported_at)
    for i, model in enumerate(export.analysis_models):
        _model(plan, i, model, fallback)
        for j, result in enumerate(model.results):
            _result(plan, model, f"$.analysis_models[{i}].results[{j}]", result)
    return plan


def _dedupe_references(plan: Plan) -> Plan:
    """One Material record per key (the first spelling names it)."""
    seen: set[tuple[str, str]] = set()
    records = []
    for record in plan.records:
        if record.reference:
            if (record.type, record.key) in seen:
                continue
            seen.add((record.type, record.key))
        records.append(record)
    plan.records = records
    return plan


def plan_export(tool: str, export: Export, project: str) -> Plan:
    if tool == "kb-cad":
        assert isinstance(export, KbCadExport)
        return plan_kb_cad(export, project)
    assert isinstance(export, KbFemExport)
    return plan_kb_fem(export, project)
