// name: imports.candidates
// mode: read
// param id: STRING  the import id
// returns: id STRING, type STRING, key STRING, name STRING, open_conflicts LIST<STRING>, revises BOOLEAN, others INTEGER
// description: The import's entities that are still candidates, each with
//   the open conflicts it is a member of, whether it revises another version
//   (SUPERSEDES), and how many other live entities hold its slot.
MATCH (:Import {id: $id})-[:CREATED]->(e:Entity {status: 'candidate'})
RETURN e.id AS id, e.type AS type, e.key AS key, e.name AS name,
  [(c:Conflict)-[:MEMBER]->(e) WHERE c.status = 'open' | c.id] AS open_conflicts,
  EXISTS { (e)-[:SUPERSEDES]->(:Entity) } AS revises,
  COUNT { MATCH (o:Entity {project: e.project, type: e.type, key: e.key}) WHERE o <> e AND o.status IN ['candidate', 'active'] } AS others
ORDER BY e.created_at, e.id
