// name: bench.catalog_wipe
// mode: schema
// param project: STRING  the benchmark project's id
// description: Removes the catalog benchmark's project (entities, their
//   review records, state entries, conflicts) in batches. Benchmark only.
MATCH (n) WHERE (n:Entity OR n:StateEntry OR n:Conflict OR n:ReviewRecord) AND n.project = $project
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS;
