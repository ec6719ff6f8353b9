// name: backup.totals
// mode: read
// returns: nodes INTEGER, relationships INTEGER
// description: How many nodes and relationships a backup reads (what
//   backup.nodes and backup.relationships return, API tokens left out): the
//   totals of its progress bars, read in the same snapshot.
MATCH (n)
WHERE NOT n:ApiToken
WITH count(n) AS nodes
RETURN nodes, COUNT { MATCH (a)-[]->(b) WHERE NOT a:ApiToken AND NOT b:ApiToken } AS relationships
