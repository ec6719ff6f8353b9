// name: backup.wipe
// mode: schema
// description: Deletes every node and relationship of the database, in
//   batches, before a restore writes the backup's content. The schema
//   (constraints and indexes) stays, and so do the API tokens (ApiToken):
//   they are kept as they are live, so a restore neither locks anyone out
//   nor brings back a revoked token.
MATCH (n)
WHERE NOT n:ApiToken
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 2000 ROWS;
