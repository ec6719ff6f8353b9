// name: imports.records
// mode: read
// param id: STRING  the import id
// param limit: INTEGER  rows at most
// returns: id STRING, type STRING, key STRING, name STRING, status STRING, open_conflicts LIST<STRING>
// description: The entities an import created, with their current status
//   and the open conflicts each is a member of: what `atocore imports show`
//   lists before anyone promotes the import. By type, then key.
MATCH (:Import {id: $id})-[:CREATED]->(e:Entity)
RETURN e.id AS id, e.type AS type, e.key AS key, e.name AS name, e.status AS status,
  [(c:Conflict)-[:MEMBER]->(e) WHERE c.status = 'open' | c.id] AS open_conflicts
ORDER BY type, key, id
LIMIT $limit
