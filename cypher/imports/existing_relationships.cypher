// name: imports.existing_relationships
// mode: read
// param pairs: LIST<MAP>  {from_id, to_id}: two entities that both existed before the import
// returns: from_id STRING, to_id STRING, types LIST<STRING> (the types of the relationships from one to the other, any status)
// description: Which relationships already join pairs of existing
//   entities, so an import does not propose one again (nor one a reviewer
//   rejected). The import runs this before it writes anything: a pattern
//   between two bound nodes is then never planned as a scan over the
//   relationships the same transaction has just created.
UNWIND $pairs AS pair
MATCH (a:Entity {id: pair.from_id}), (b:Entity {id: pair.to_id})
RETURN pair.from_id AS from_id, pair.to_id AS to_id, [(a)-[x]->(b) WHERE x.id IS NOT NULL | type(x)] AS types
