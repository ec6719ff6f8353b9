// name: schema.0010-catalog-indexes
// mode: schema
// description: The engineering query catalog. A status index on each
//   relationship type an engineering relationship can have lets Q-020 (review
//   backlog) and the relationship review queue find candidate relationships
//   without walking every relationship of a project; Entity(project,
//   created_at) lets Q-013 (recent changes) read a time window by a range
//   seek instead of every entity of the project; StateEntry(project, key) lets
//   Q-001 and Q-012 look up the trusted-state entries that may override a
//   row's facts by their exact keys.
CREATE INDEX rel_contains_status IF NOT EXISTS FOR ()-[r:CONTAINS]-() ON (r.status);
CREATE INDEX rel_has_interface_status IF NOT EXISTS FOR ()-[r:HAS_INTERFACE]-() ON (r.status);
CREATE INDEX rel_connects_status IF NOT EXISTS FOR ()-[r:CONNECTS]-() ON (r.status);
CREATE INDEX rel_uses_material_status IF NOT EXISTS FOR ()-[r:USES_MATERIAL]-() ON (r.status);
CREATE INDEX rel_has_parameter_status IF NOT EXISTS FOR ()-[r:HAS_PARAMETER]-() ON (r.status);
CREATE INDEX rel_satisfies_status IF NOT EXISTS FOR ()-[r:SATISFIES]-() ON (r.status);
CREATE INDEX rel_constrains_status IF NOT EXISTS FOR ()-[r:CONSTRAINS]-() ON (r.status);
CREATE INDEX rel_affects_status IF NOT EXISTS FOR ()-[r:AFFECTS]-() ON (r.status);
CREATE INDEX rel_based_on_status IF NOT EXISTS FOR ()-[r:BASED_ON]-() ON (r.status);
CREATE INDEX rel_addresses_status IF NOT EXISTS FOR ()-[r:ADDRESSES]-() ON (r.status);
CREATE INDEX rel_derived_from_status IF NOT EXISTS FOR ()-[r:DERIVED_FROM]-() ON (r.status);
CREATE INDEX rel_analyzes_status IF NOT EXISTS FOR ()-[r:ANALYZES]-() ON (r.status);
CREATE INDEX rel_produced_status IF NOT EXISTS FOR ()-[r:PRODUCED]-() ON (r.status);
CREATE INDEX rel_supports_status IF NOT EXISTS FOR ()-[r:SUPPORTS]-() ON (r.status);
CREATE INDEX rel_validates_status IF NOT EXISTS FOR ()-[r:VALIDATES]-() ON (r.status);
CREATE INDEX entity_project_created_at IF NOT EXISTS FOR (n:Entity) ON (n.project, n.created_at);
CREATE INDEX state_entry_project_key IF NOT EXISTS FOR (n:StateEntry) ON (n.project, n.key);
