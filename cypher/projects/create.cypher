// name: projects.create
// mode: write
// param id: STRING  canonical project id
// param names_lower: LIST<STRING>  the id and each alias, lower-cased (the id first)
// param aliases: LIST<STRING>  other names for the project
// param description: STRING  one line on what the project is
// param ingest_roots: STRING  JSON text of [{source, subpath}]
// param actor: STRING  the token behind the request (filled by the graph layer: atocore.graph.audit), or null
// returns: id STRING
// description: Registers a new project and claims each of its names. The
//   uniqueness constraints on Project.id and ProjectName.name_lower make a
//   concurrent registration of the same id or name fail here, in the
//   transaction, so exactly one succeeds.
CREATE (p:Project {
  id: $id, id_lower: $names_lower[0], aliases: $aliases, aliases_lower: $names_lower[1..],
  description: $description, ingest_roots: $ingest_roots,
  created_at: datetime(), updated_at: datetime(), created_by: $actor
})
WITH p
UNWIND $names_lower AS name
CREATE (:ProjectName {name_lower: name})-[:NAMES]->(p)
WITH DISTINCT p
RETURN p.id AS id
