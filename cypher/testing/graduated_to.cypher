// name: testing.graduated_to
// mode: read
// param id: STRING  memory id
// returns: entity_id STRING, type STRING, at DATETIME
// description: The GRADUATED_TO links of a memory, for the tests. Never
//   called by the API or the CLI.
MATCH (:Memory {id: $id})-[g:GRADUATED_TO]->(e:Entity)
RETURN e.id AS entity_id, e.type AS type, g.at AS at
ORDER BY g.at
