// name: schema.0007-engineering-indexes
// mode: schema
// description: The engineering layer. Entity lookups by (project, type, key)
//   serve the key-uniqueness rule and imports; (project, type, status) and
//   status serve the lists and the catalog queries; valid_from serves as-of
//   range reads. Artifacts are merged by uri, so uri is unique.
//   Conflicts are read by slot, status and project. (Review records are
//   indexed by 0006.)
CREATE INDEX entity_project_type_key IF NOT EXISTS FOR (n:Entity) ON (n.project, n.type, n.key);
CREATE INDEX entity_project_type_status IF NOT EXISTS FOR (n:Entity) ON (n.project, n.type, n.status);
CREATE INDEX entity_status IF NOT EXISTS FOR (n:Entity) ON (n.status);
CREATE INDEX entity_valid_from IF NOT EXISTS FOR (n:Entity) ON (n.valid_from);
CREATE INDEX entity_key IF NOT EXISTS FOR (n:Entity) ON (n.key);
CREATE INDEX entity_project IF NOT EXISTS FOR (n:Entity) ON (n.project);
CREATE CONSTRAINT artifact_uri IF NOT EXISTS FOR (n:Artifact) REQUIRE n.uri IS UNIQUE;
CREATE INDEX conflict_slot_status IF NOT EXISTS FOR (n:Conflict) ON (n.slot, n.status);
CREATE INDEX conflict_status IF NOT EXISTS FOR (n:Conflict) ON (n.status);
CREATE INDEX conflict_project IF NOT EXISTS FOR (n:Conflict) ON (n.project);
