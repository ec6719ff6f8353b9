// name: schema.0008-import-indexes
// mode: schema
// description: Imports from KB-CAD and KB-FEM. An Import is found by id
//   (derived from its content, so a retry finds the earlier one) and listed
//   by project; the per-project ImportLock serializes imports of one
//   project. Each relationship type an import writes has an index on
//   import_id, so promoting an import finds its relationships without a scan.
CREATE CONSTRAINT import_id IF NOT EXISTS FOR (n:Import) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT import_lock_project IF NOT EXISTS FOR (n:ImportLock) REQUIRE n.project IS UNIQUE;
CREATE INDEX import_project IF NOT EXISTS FOR (n:Import) ON (n.project);
CREATE INDEX import_last_seen_at IF NOT EXISTS FOR (n:Import) ON (n.last_seen_at);
CREATE INDEX contains_import_id IF NOT EXISTS FOR ()-[r:CONTAINS]-() ON (r.import_id);
CREATE INDEX uses_material_import_id IF NOT EXISTS FOR ()-[r:USES_MATERIAL]-() ON (r.import_id);
CREATE INDEX has_parameter_import_id IF NOT EXISTS FOR ()-[r:HAS_PARAMETER]-() ON (r.import_id);
CREATE INDEX analyzes_import_id IF NOT EXISTS FOR ()-[r:ANALYZES]-() ON (r.import_id);
CREATE INDEX produced_import_id IF NOT EXISTS FOR ()-[r:PRODUCED]-() ON (r.import_id);
CREATE INDEX supports_import_id IF NOT EXISTS FOR ()-[r:SUPPORTS]-() ON (r.import_id);
