// name: graph.refresh_statistics
// mode: schema
// description: Schedules resampling of every index whose statistics are
//   outdated and drops the cached query plans, so the next queries are
//   planned on current statistics. After a bulk write (a benchmark fill, a
//   large import) Neo4j can keep a plan chosen on the old statistics until
//   its replan interval passes: measured on the P4 fill, Q-009 ran 258-298 ms
//   on such a plan and 3.3 ms once replanned. Needs the admin privilege
//   (the local server's neo4j user has it).
CALL db.resampleOutdatedIndexes();
CALL db.clearQueryCaches();
