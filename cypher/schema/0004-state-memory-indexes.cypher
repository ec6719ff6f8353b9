// name: schema.0004-state-memory-indexes
// mode: schema
// description: Trusted state and memories. A StateEntry carries
//   current = true only while it is the active entry of its (project,
//   category, key); the composite uniqueness constraint makes the graph itself
//   refuse a second active entry for one key, even when two writes race, and
//   backs the lookup by key. Plain indexes serve the list filters.
CREATE CONSTRAINT state_entry_current IF NOT EXISTS FOR (n:StateEntry) REQUIRE (n.project, n.category, n.key, n.current) IS UNIQUE;
CREATE INDEX state_entry_project IF NOT EXISTS FOR (n:StateEntry) ON (n.project);
CREATE INDEX memory_status IF NOT EXISTS FOR (n:Memory) ON (n.status);
CREATE INDEX memory_project IF NOT EXISTS FOR (n:Memory) ON (n.project);
CREATE INDEX memory_updated_at IF NOT EXISTS FOR (n:Memory) ON (n.updated_at);
