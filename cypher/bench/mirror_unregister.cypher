// name: bench.mirror_unregister
// mode: write
// param project: STRING  the benchmark project's id
// returns: removed INTEGER
// description: Benchmark-only: removes the registry entry and the
//   MirrorStatus node the Mirror benchmark made for its project (the
//   entities go with bench.catalog_wipe). Never used by the API or the CLI.
OPTIONAL MATCH (p:Project {id: $project})
OPTIONAL MATCH (s:MirrorStatus {project: $project})
WITH collect(DISTINCT p) + collect(DISTINCT s) AS nodes
UNWIND nodes AS n
DETACH DELETE n
RETURN count(*) AS removed
