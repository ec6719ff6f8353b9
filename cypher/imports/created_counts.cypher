// name: imports.created_counts
// mode: read
// param id: STRING  the import id
// returns: type STRING, count INTEGER
// description: How many entities the import created, by type (a resumed
//   import counts what its interrupted run created too).
MATCH (:Import {id: $id})-[:CREATED]->(e:Entity)
RETURN e.type AS type, count(e) AS count
ORDER BY type
