// name: reviews.queue
// mode: read
// param project: STRING  only this canonical project, or null for every one
// param kinds: LIST<STRING>  which of memory, entity, relationship, import
// param limit: INTEGER  rows at most
// returns: kind STRING, id STRING, project STRING, type STRING, title STRING, created_at DATETIME, import_id STRING
// description: The one review queue: candidate memories, candidate
//   entities, candidate relationships between entities, and imports that
//   still hold candidate entities, oldest first (then by id). title is what
//   a person reads to decide: a memory's text, an entity's 'key: name', a
//   relationship's 'from -TYPE-> to', an import's tool and candidate count.
//   import_id names the import an entity or relationship came from, if any,
//   so a whole import can be promoted at once.
CALL () {
  MATCH (m:Memory {status: 'candidate'})
  WHERE 'memory' IN $kinds AND ($project IS NULL OR m.project = $project)
  RETURN 'memory' AS kind, m.id AS id, m.project AS project, m.memory_type AS type, m.content AS title,
         m.created_at AS created_at, null AS import_id
  UNION ALL
  MATCH (e:Entity {status: 'candidate'})
  WHERE 'entity' IN $kinds AND ($project IS NULL OR e.project = $project)
  RETURN 'entity' AS kind, e.id AS id, e.project AS project, e.type AS type, e.key + ': ' + e.name AS title,
         e.created_at AS created_at, e.import_id AS import_id
  UNION ALL
  MATCH (a:Entity)-[r]->(b:Entity)
  WHERE 'relationship' IN $kinds AND r.status = 'candidate' AND r.id IS NOT NULL
    AND ($project IS NULL OR a.project = $project)
  RETURN 'relationship' AS kind, r.id AS id, a.project AS project, type(r) AS type,
         a.key + ' -' + type(r) + '-> ' + b.key AS title, r.created_at AS created_at, r.import_id AS import_id
  UNION ALL
  MATCH (i:Import)
  WHERE 'import' IN $kinds AND ($project IS NULL OR i.project = $project)
  WITH i, COUNT { (i)-[:CREATED]->(:Entity {status: 'candidate'}) } AS waiting
  WHERE waiting > 0
  RETURN 'import' AS kind, i.id AS id, i.project AS project, i.tool AS type,
         i.tool + ' import with ' + toString(waiting) + ' candidate entities' AS title,
         i.created_at AS created_at, i.id AS import_id
}
RETURN kind, id, project, type, title, created_at, import_id
ORDER BY created_at, id
LIMIT $limit
