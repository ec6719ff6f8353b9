// name: graph.await_indexes
// mode: schema
// param timeout_s: INTEGER  seconds to wait before Neo4j gives up
// description: Blocks until every index is ONLINE (or the timeout passes).
CALL db.awaitIndexes($timeout_s);
