// name: backup.clear_restore_keys
// mode: schema
// description: Removes the temporary restore label and key from every node
//   and drops their index, once every relationship is written.
MATCH (n:AtoCoreRestoreKey)
CALL (n) { REMOVE n:AtoCoreRestoreKey, n.atocore_restore_key } IN TRANSACTIONS OF 10000 ROWS;
DROP INDEX atocore_restore_key IF EXISTS;
