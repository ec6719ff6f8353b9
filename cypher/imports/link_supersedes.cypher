// name: imports.link_supersedes
// mode: write
// param pairs: LIST<MAP>  {new_id, old_id}: a candidate revision and the active version it revises
// returns: linked INTEGER
// description: (new)-[:SUPERSEDES]->(old) for an import's candidate
//   revisions, once each. Promoting the revision performs the switch.
UNWIND $pairs AS pair
MATCH (n:Entity {id: pair.new_id}), (o:Entity {id: pair.old_id})
MERGE (n)-[:SUPERSEDES]->(o)
RETURN count(*) AS linked
