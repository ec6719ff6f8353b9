// name: bench.catalog_extras
// mode: write
// param project: STRING  the benchmark project's id
// param state: LIST<MAP>  {key, category, value}: trusted-state entries
// param conflicts: LIST<MAP>  {id, slot, member_ids}: open conflicts
// returns: written INTEGER
// description: Benchmark-only: trusted-state entries (some overriding
//   entity facts) and open conflicts in the shapes state.write and
//   conflicts.open give them. Never used by the API or the CLI.
CALL () {
  UNWIND $state AS s
  CREATE (:StateEntry {id: randomUUID(), project: $project, category: s.category, key: s.key, value: s.value,
                       source: 'bench', confidence: 1.0, status: 'active', current: true,
                       created_at: datetime(), updated_at: datetime()})
  RETURN count(*) AS entries
}
CALL () {
  UNWIND $conflicts AS c
  CREATE (k:Conflict {id: c.id, project: $project, slot: c.slot, status: 'open', detected_at: datetime()})
  WITH k, c
  UNWIND c.member_ids AS member_id
  MATCH (m:Entity {id: member_id})
  CREATE (k)-[:MEMBER]->(m)
  RETURN count(*) AS members
}
RETURN entries + members AS written
