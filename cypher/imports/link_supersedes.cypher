// name: imports.link_supersedes
// mode: write
// param pairs: LIST<MAP>  {new_id, old_id}: a candidate revision and the active version it revises
// returns: linked INTEGER
// description: (new)-[:SUPERSEDES]->(old) for an import's candidate
//   revisions (each new in this import, so created, not merged). Promoting
//   the revision performs the switch.
UNWIND $pairs AS pair
MATCH (n:Entity {id: pair.new_id}), (o:Entity {id: pair.old_id})
CREATE (n)-[:SUPERSEDES]->(o)
RETURN count(*) AS linked
