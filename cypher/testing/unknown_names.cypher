// name: testing.unknown_names
// mode: read
// returns: found INTEGER
// description: A read naming a label, a relationship type and a property
//   key that no AtoCore graph ever holds, so a server that sends
//   notifications warns about each (the notification tests). Never called by
//   the API or the CLI.
MATCH (n:AtoCoreNeverALabel)-[:ATOCORE_NEVER_A_TYPE]->(m)
WHERE n.atocore_never_a_property = 1
RETURN count(m) AS found
