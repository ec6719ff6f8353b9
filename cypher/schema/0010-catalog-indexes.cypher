// name: schema.0010-catalog-indexes
// mode: schema
// description: The engineering query catalog. Entity(project, created_at)
//   lets Q-013 (recent changes) read a time window by a range seek instead of
//   every entity of the project; StateEntry(project, key) lets Q-001 and
//   Q-012 look up the trusted-state entries that may override a row's facts
//   by their exact keys. (Relationship status indexes were tried for Q-020
//   and left out: with them the planner answered the per-row SUPPORTS and
//   PRODUCED lookups of Q-010 by seeking every active relationship of the
//   type, 13x slower.)
CREATE INDEX entity_project_created_at IF NOT EXISTS FOR (n:Entity) ON (n.project, n.created_at);
CREATE INDEX state_entry_project_key IF NOT EXISTS FOR (n:StateEntry) ON (n.project, n.key);
