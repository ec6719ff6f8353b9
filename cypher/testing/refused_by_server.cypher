// name: testing.refused_by_server
// mode: read
// param value: INTEGER  any number
// returns: value INTEGER
// description: A read Neo4j refuses on the third line of its statement (a
//   misspelt RETURN, which the loader does not look for), so a test can check
//   that the server's error names this file and line. Never called by the API
//   or the CLI.
MATCH (n:AtoCoreNeverALabel)
WHERE n.atocore_never_a_property = $value
RETRUN n.atocore_never_a_property AS value
