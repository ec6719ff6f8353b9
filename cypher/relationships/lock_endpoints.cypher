// name: relationships.lock_endpoints
// mode: write
// param ids: LIST<STRING>  the two endpoint entity ids
// returns: locked INTEGER
// description: Takes the write lock of both endpoints, in id order, for the
//   rest of the transaction (a property set and removed again: nothing
//   changes). Two creates of the same relationship then run one after the
//   other, so the second one's relationships.live_between sees the first
//   one's edge and answers 409 instead of adding a duplicate; the fixed
//   order keeps two creates in opposite directions from deadlocking.
MATCH (n:Entity)
WHERE n.id IN $ids
WITH n ORDER BY n.id
SET n._lock = true
REMOVE n._lock
RETURN count(n) AS locked
