// name: backup.restore_key_index
// mode: schema
// description: A temporary index a restore creates so relationships find
//   their ends by the key the backup gave each node (RestoreKey label,
//   restore_key property); backup.clear_restore_keys removes both.
CREATE INDEX atocore_restore_key IF NOT EXISTS FOR (n:AtoCoreRestoreKey) ON (n.atocore_restore_key);
CALL db.awaitIndex('atocore_restore_key', 300);
