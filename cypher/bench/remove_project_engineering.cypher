// name: bench.remove_project_engineering
// mode: schema
// param project: STRING  the benchmark project
// param artifact_prefix: STRING  the URI prefix of the benchmark's artifacts
// description: Removes what an engineering benchmark wrote under its project:
//   entities, imports, conflicts, review records, the import lock and the
//   benchmark's artifacts, in batches. Never called by the API or the CLI.
MATCH (n:Entity {project: $project}) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS;
MATCH (n:Import {project: $project}) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS;
MATCH (n:Conflict {project: $project}) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS;
MATCH (n:ReviewRecord {project: $project}) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS;
MATCH (n:ImportLock {project: $project}) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS;
MATCH (n:Artifact) WHERE n.uri STARTS WITH $artifact_prefix CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS;
