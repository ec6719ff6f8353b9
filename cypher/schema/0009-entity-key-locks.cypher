// name: schema.0009-entity-key-locks
// mode: schema
// description: One EntityKeyLock node per (project, type, key) slot that an
//   entity create ever claimed. The uniqueness constraint makes MERGE on a
//   slot safe under concurrency (a second MERGE waits for the first and then
//   finds its node), so two creates of one key serialize on that node's
//   write lock before they check the key rule (entities.claim_key).
CREATE CONSTRAINT entity_key_lock_slot IF NOT EXISTS FOR (n:EntityKeyLock) REQUIRE n.slot IS UNIQUE;
