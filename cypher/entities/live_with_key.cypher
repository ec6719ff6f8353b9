// name: entities.live_with_key
// mode: write
// param project: STRING  canonical project id
// param type: STRING  entity type
// param key: STRING  the key to check
// returns: id STRING, status STRING
// description: Live (candidate or active) entities holding a key in a
//   project and type, for the key-uniqueness rule, read under a lock so the
//   check cannot race: it first takes the write lock of the slot's
//   EntityKeyLock node ({slot: 'project|type|key'}, merged under the
//   uniqueness constraint of migration 0009, then written so the lock is
//   exclusive), which the transaction holds until it ends. Two creates of one
//   key thus run one after the other, and the second reads the first one's
//   committed entity. Served by the slot constraint and the composite
//   (project, type, key) index.
MERGE (lock:EntityKeyLock {slot: $project + '|' + $type + '|' + $key})
SET lock.claimed_at = datetime.transaction()
WITH lock
MATCH (e:Entity {project: $project, type: $type, key: $key})
WHERE e.status IN ['candidate', 'active']
RETURN e.id AS id, e.status AS status
ORDER BY e.created_at
