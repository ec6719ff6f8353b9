// name: backup.relationships
// mode: read
// returns: type STRING, start STRING, end STRING, props MAP
// description: Every relationship of the database with its type,
//   properties and the element ids of its two ends (as backup.nodes gave them).
MATCH (a)-[r]->(b)
RETURN type(r) AS type, elementId(a) AS start, elementId(b) AS end, properties(r) AS props
