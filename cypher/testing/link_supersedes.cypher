// name: testing.link_supersedes
// mode: write
// param new_id: STRING  entity id
// param old_id: STRING  entity id
// returns: nothing
// description: Writes a raw SUPERSEDES link without any check, so tests can
//   build a corrupt cycle and prove history still ends. Never called by the
//   API or the CLI.
MATCH (n:Entity {id: $new_id}), (o:Entity {id: $old_id})
CREATE (n)-[:SUPERSEDES]->(o)
