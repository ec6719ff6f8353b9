// name: transfer.relationships
// mode: read
// param project: STRING  canonical project id
// returns: type STRING, start STRING, end STRING, props MAP
// description: Every relationship with an end the project owns, with its
//   type, properties and the element ids of its ends; the export keeps those
//   whose other end it carries too.
MATCH (a)-[r]->(b)
WHERE a.project = $project OR b.project = $project
   OR (a:Project AND a.id = $project) OR (b:Project AND b.id = $project)
RETURN type(r) AS type, elementId(a) AS start, elementId(b) AS end, properties(r) AS props
