// name: testing.unregister_project
// mode: write
// param id: STRING  canonical project id
// returns: removed INTEGER
// description: Deletes a project's registration (its Project node and the
//   ProjectName nodes of its names) and nothing written under it, so tests
//   can leave rows under a name that is no longer registered, as a database
//   written before registrations were required holds them. Used by the tests
//   only; never called by the API or the CLI.
MATCH (p:Project {id: $id})
OPTIONAL MATCH (n:ProjectName)-[:NAMES]->(p)
WITH p, collect(n) AS names
FOREACH (n IN names | DETACH DELETE n)
DETACH DELETE p
RETURN 1 AS removed
