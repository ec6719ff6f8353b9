// name: conflicts.rivals
// mode: read
// param id: STRING  the entity just created or promoted
// param slot: STRING  its conflict slot (project|type|key)
// param against_predecessor: BOOLEAN  whether a version it SUPERSEDES (or that SUPERSEDES it) counts as a rival
// param any_value: BOOLEAN  whether a live version with the same fingerprint counts as a rival too (an import's rival candidate)
// returns: rivals LIST<STRING>, conflicts LIST<MAP> (every Conflict of the slot with its status and member ids)
// description: The live (candidate or active) entities of the same slot
//   whose fact fingerprint differs from this one's (with any_value: every
//   other live entity of the slot), plus the slot's existing
//   conflicts so the caller can reuse an open one and never reopen a dismissed
//   set. Served by the (project, type, key) index. No row when there is no rival.
MATCH (e:Entity {id: $id})
WHERE e.status IN ['candidate', 'active']
MATCH (o:Entity {project: e.project, type: e.type, key: e.key})
WHERE o <> e AND o.status IN ['candidate', 'active'] AND ($any_value OR o.fingerprint <> e.fingerprint)
  AND ($against_predecessor OR NOT EXISTS { MATCH (e)-[:SUPERSEDES]-(o) })
WITH collect(o.id) AS rivals
RETURN rivals,
  COLLECT { MATCH (c:Conflict {slot: $slot}) RETURN c {.id, .status, members: [(c)-[:MEMBER]->(m:Entity) | m.id]} } AS conflicts
