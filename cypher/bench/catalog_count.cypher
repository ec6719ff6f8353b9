// name: bench.catalog_count
// mode: read
// param project: STRING  the benchmark project's id
// returns: entities INTEGER, relationships INTEGER
// description: How many entities, and relationships leaving them, the
//   benchmark project holds (to reuse a filled graph).
MATCH (e:Entity {project: $project})
RETURN count(e) AS entities, sum(COUNT { (e)-[r]->(:Entity) WHERE r.id IS NOT NULL }) AS relationships
