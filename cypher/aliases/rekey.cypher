// name: aliases.rekey
// mode: write
// param rows: LIST<MAP>  {key, project, slot, supersede}: a shadow row's element id, its canonical id, its re-keyed slot (or null), whether it becomes superseded
// returns: rekeyed INTEGER
// description: Files shadow rows under their canonical project id (and
//   slot). A row that duplicates one the canonical project already holds
//   (same state value, same memory) becomes superseded and is kept as history;
//   it loses current first, as the (project, category, key, current)
//   constraint is checked at every SET.
UNWIND $rows AS row
MATCH (n) WHERE elementId(n) = row.key
FOREACH (_ IN CASE WHEN row.supersede THEN [1] ELSE [] END |
  SET n.status = 'superseded', n.superseded_at = datetime(), n.updated_at = datetime()
  REMOVE n.current)
SET n.project = row.project, n.slot = coalesce(row.slot, n.slot)
RETURN count(n) AS rekeyed
