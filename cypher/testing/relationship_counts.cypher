// name: testing.relationship_counts
// mode: read
// returns: type STRING, count INTEGER
// description: How many relationships of each type the graph holds, so
//   tests can prove a preview wrote nothing. Used by the tests only; never
//   called by the API or the CLI.
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS count
ORDER BY type
