// name: graph.marker
// mode: read
// returns: one INTEGER
// description: Reads nothing; run before a backup's read transaction, so the
//   session's bookmark names the last transaction committed before it began.
RETURN 1 AS one
