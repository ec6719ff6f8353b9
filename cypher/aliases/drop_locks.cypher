// name: aliases.drop_locks
// mode: write
// param keys: LIST<STRING>  element ids of lock nodes under a shadow name
// returns: dropped INTEGER
// description: Deletes lock nodes (entity key locks, import locks) filed
//   under a shadow name: they only serialise writes, and the canonical ones
//   are merged again on demand.
UNWIND $keys AS key
MATCH (n) WHERE elementId(n) = key
DETACH DELETE n
RETURN count(*) AS dropped
