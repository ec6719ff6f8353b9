// name: backup.wipe
// mode: schema
// description: Deletes every node and relationship of the database, in
//   batches, before a restore writes the backup's content. The schema
//   (constraints and indexes) stays.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 2000 ROWS;
