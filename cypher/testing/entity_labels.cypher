// name: testing.entity_labels
// mode: read
// param id: STRING  entity id
// returns: labels LIST<STRING>
// description: An entity node's labels, for the tests to check the type
//   label. Never called by the API or the CLI.
MATCH (e:Entity {id: $id})
RETURN labels(e) AS labels
