// name: projects.upsert
// mode: write
// param id: STRING  canonical project id (never changes once registered)
// param names_lower: LIST<STRING>  the id and each alias, lower-cased (the id first)
// param aliases: LIST<STRING>  other names for the project
// param description: STRING  one line on what the project is
// param ingest_roots: STRING  JSON text of [{source, subpath}]
// param actor: STRING  the token behind the request (filled by the graph layer: atocore.graph.audit), or null
// returns: id STRING, created BOOLEAN, changed BOOLEAN
// description: Registers a project or replaces its aliases, description and
//   ingest roots; its ProjectName nodes follow (names dropped are deleted,
//   new ones claimed, so a name another project holds fails the
//   transaction on the uniqueness constraint). updated_at moves only when
//   something changed.
MERGE (p:Project {id: $id})
ON CREATE SET p.created_at = datetime(), p.id_lower = $names_lower[0], p._new = true, p.created_by = $actor
WITH p, coalesce(p._new, false) AS created,
     (p.aliases IS NULL OR p.aliases <> $aliases OR p.description <> $description
      OR p.ingest_roots <> $ingest_roots) AS changed
SET p.aliases = $aliases,
    p.aliases_lower = $names_lower[1..],
    p.description = $description,
    p.ingest_roots = $ingest_roots,
    p.updated_at = CASE WHEN changed OR created THEN datetime() ELSE p.updated_at END
REMOVE p._new
WITH p, created, changed
CALL (p) {
  MATCH (p)<-[:NAMES]-(old:ProjectName)
  WHERE NOT old.name_lower IN $names_lower
  DETACH DELETE old
}
CALL (p) {
  UNWIND $names_lower AS name
  WITH name WHERE NOT EXISTS { (:ProjectName {name_lower: name})-[:NAMES]->(p) }
  CREATE (:ProjectName {name_lower: name})-[:NAMES]->(p)
}
RETURN p.id AS id, created, changed
