// name: schema.0007-engineering-indexes
// mode: schema
// description: The engineering layer. Entity lookups by (project, type, key)
//   serve the key-uniqueness rule and imports; (project, type, status) and
//   status serve the lists and the catalog queries; valid_from serves as-of
//   range reads. Artifacts are merged by uri, so uri is unique.
//   Each type label has a (project, status) index, so catalog and Browser
//   queries can anchor on (:Requirement {project: $p, status: 'active'}).
//   Conflicts are read by slot, status and project. (Review records are
//   indexed by 0006.)
CREATE INDEX entity_project_type_key IF NOT EXISTS FOR (n:Entity) ON (n.project, n.type, n.key);
CREATE INDEX entity_project_type_status IF NOT EXISTS FOR (n:Entity) ON (n.project, n.type, n.status);
CREATE INDEX entity_status IF NOT EXISTS FOR (n:Entity) ON (n.status);
CREATE INDEX entity_valid_from IF NOT EXISTS FOR (n:Entity) ON (n.valid_from);
CREATE INDEX entity_key IF NOT EXISTS FOR (n:Entity) ON (n.key);
CREATE INDEX entity_project IF NOT EXISTS FOR (n:Entity) ON (n.project);
CREATE INDEX subsystem_project_status IF NOT EXISTS FOR (n:Subsystem) ON (n.project, n.status);
CREATE INDEX component_project_status IF NOT EXISTS FOR (n:Component) ON (n.project, n.status);
CREATE INDEX interface_project_status IF NOT EXISTS FOR (n:Interface) ON (n.project, n.status);
CREATE INDEX material_project_status IF NOT EXISTS FOR (n:Material) ON (n.project, n.status);
CREATE INDEX parameter_project_status IF NOT EXISTS FOR (n:Parameter) ON (n.project, n.status);
CREATE INDEX requirement_project_status IF NOT EXISTS FOR (n:Requirement) ON (n.project, n.status);
CREATE INDEX constraint_project_status IF NOT EXISTS FOR (n:Constraint) ON (n.project, n.status);
CREATE INDEX decision_project_status IF NOT EXISTS FOR (n:Decision) ON (n.project, n.status);
CREATE INDEX assumption_project_status IF NOT EXISTS FOR (n:Assumption) ON (n.project, n.status);
CREATE INDEX analysis_model_project_status IF NOT EXISTS FOR (n:AnalysisModel) ON (n.project, n.status);
CREATE INDEX result_project_status IF NOT EXISTS FOR (n:Result) ON (n.project, n.status);
CREATE INDEX validation_claim_project_status IF NOT EXISTS FOR (n:ValidationClaim) ON (n.project, n.status);
CREATE INDEX fact_project_status IF NOT EXISTS FOR (n:Fact) ON (n.project, n.status);
CREATE CONSTRAINT artifact_uri IF NOT EXISTS FOR (n:Artifact) REQUIRE n.uri IS UNIQUE;
CREATE INDEX conflict_slot_status IF NOT EXISTS FOR (n:Conflict) ON (n.slot, n.status);
CREATE INDEX conflict_status IF NOT EXISTS FOR (n:Conflict) ON (n.status);
CREATE INDEX conflict_project IF NOT EXISTS FOR (n:Conflict) ON (n.project);
