// name: bench.catalog_relationships
// mode: write
// param rows: LIST<MAP>  {id, type, from, to, status, created_at}
// returns: relationships INTEGER
// description: Benchmark-only bulk fill for the catalog benchmark (P4):
//   typed relationships in the shape relationships.create writes (id,
//   status, source_refs, created_at, updated_at), and SUPERSEDES between
//   versions (rows with a null id), many per transaction. The type is
//   dynamic; the benchmark only passes ontology types. Never used by the API
//   or the CLI.
UNWIND $rows AS r
MATCH (a:Entity {id: r.from}), (b:Entity {id: r.to})
CREATE (a)-[x:$(r.type)]->(b)
SET x.id = r.id, x.status = r.status, x.source_refs = CASE WHEN r.id IS NULL THEN null ELSE ['artifact:bench://catalog'] END,
    x.created_at = r.created_at, x.updated_at = r.created_at
RETURN count(*) AS relationships
