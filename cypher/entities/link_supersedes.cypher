// name: entities.link_supersedes
// mode: write
// param new_id: STRING  the newer version
// param old_id: STRING  the version it replaces
// returns: linked INTEGER
// description: (new)-[:SUPERSEDES]->(old), once.
MATCH (n:Entity {id: $new_id}), (o:Entity {id: $old_id})
MERGE (n)-[:SUPERSEDES]->(o)
RETURN count(*) AS linked
