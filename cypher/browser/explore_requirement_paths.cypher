// name: browser.explore_requirement_paths
// mode: read
// param project: STRING  canonical project id
// param limit: INTEGER = 25  at most this many requirements
// returns: requirement NODE, satisfied PATH, validated PATH, supported PATH
// description: Each active requirement (the first `limit` by key) with the
//   components and subsystems that satisfy it, the validation claims that
//   validate it and the results that support those claims, as paths Browser
//   draws as a graph; a requirement nothing satisfies or validates shows
//   alone. Written for Neo4j Browser (docs/browser-guide.md); AtoCore itself
//   never runs it.
MATCH (requirement:Requirement {project: $project, status: 'active'})
WITH requirement ORDER BY requirement.key LIMIT $limit
OPTIONAL MATCH satisfied = (:Entity {status: 'active'})-[:SATISFIES {status: 'active'}]->(requirement)
OPTIONAL MATCH validated = (claim:ValidationClaim {status: 'active'})-[:VALIDATES {status: 'active'}]->(requirement)
OPTIONAL MATCH supported = (:Result {status: 'active'})-[:SUPPORTS {status: 'active'}]->(claim)
RETURN requirement, satisfied, validated, supported
