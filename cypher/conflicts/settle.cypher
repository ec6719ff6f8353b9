// name: conflicts.settle
// mode: write
// param id: STRING  an entity that just left the live statuses (rejected, retired, superseded)
// returns: closed LIST<STRING> (ids of the conflicts closed)
// description: An open conflict with fewer than two live members left has
//   nothing left to decide: it is resolved as members_gone.
MATCH (c:Conflict {status: 'open'})-[:MEMBER]->(:Entity {id: $id})
WHERE COUNT { (c)-[:MEMBER]->(m:Entity) WHERE m.status IN ['candidate', 'active'] } < 2
SET c.status = 'resolved', c.resolution = 'members_gone', c.resolved_at = datetime.transaction()
RETURN collect(c.id) AS closed
