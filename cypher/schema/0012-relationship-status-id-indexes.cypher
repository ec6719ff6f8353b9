// name: schema.0012-relationship-status-id-indexes
// mode: schema
// description: Q-020 (review backlog) finds the candidate relationships of
//   a project by an index seek per relationship type instead of walking
//   every relationship of the project. The index is composite, (status, id),
//   on purpose: a composite index holds only relationships that have both
//   properties, so the planner may use it only where a query also asks for
//   r.id IS NOT NULL. The other catalog queries filter relationships on
//   status alone and keep their plans (a plain status index made the planner
//   answer Q-010's per-row SUPPORTS and PRODUCED lookups by seeking every
//   active relationship of the type, 13x slower; see 0010). Every
//   relationship AtoCore writes between entities has an id (SUPERSEDES
//   links have none and are not indexed here).
CREATE INDEX contains_status_id IF NOT EXISTS FOR ()-[r:CONTAINS]-() ON (r.status, r.id);
CREATE INDEX has_interface_status_id IF NOT EXISTS FOR ()-[r:HAS_INTERFACE]-() ON (r.status, r.id);
CREATE INDEX connects_status_id IF NOT EXISTS FOR ()-[r:CONNECTS]-() ON (r.status, r.id);
CREATE INDEX uses_material_status_id IF NOT EXISTS FOR ()-[r:USES_MATERIAL]-() ON (r.status, r.id);
CREATE INDEX has_parameter_status_id IF NOT EXISTS FOR ()-[r:HAS_PARAMETER]-() ON (r.status, r.id);
CREATE INDEX satisfies_status_id IF NOT EXISTS FOR ()-[r:SATISFIES]-() ON (r.status, r.id);
CREATE INDEX constrains_status_id IF NOT EXISTS FOR ()-[r:CONSTRAINS]-() ON (r.status, r.id);
CREATE INDEX affects_status_id IF NOT EXISTS FOR ()-[r:AFFECTS]-() ON (r.status, r.id);
CREATE INDEX based_on_status_id IF NOT EXISTS FOR ()-[r:BASED_ON]-() ON (r.status, r.id);
CREATE INDEX addresses_status_id IF NOT EXISTS FOR ()-[r:ADDRESSES]-() ON (r.status, r.id);
CREATE INDEX derived_from_status_id IF NOT EXISTS FOR ()-[r:DERIVED_FROM]-() ON (r.status, r.id);
CREATE INDEX analyzes_status_id IF NOT EXISTS FOR ()-[r:ANALYZES]-() ON (r.status, r.id);
CREATE INDEX produced_status_id IF NOT EXISTS FOR ()-[r:PRODUCED]-() ON (r.status, r.id);
CREATE INDEX supports_status_id IF NOT EXISTS FOR ()-[r:SUPPORTS]-() ON (r.status, r.id);
CREATE INDEX validates_status_id IF NOT EXISTS FOR ()-[r:VALIDATES]-() ON (r.status, r.id);
