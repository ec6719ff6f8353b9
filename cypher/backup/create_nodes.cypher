// name: backup.create_nodes
// mode: write
// param rows: LIST<MAP>  {key, labels, props, vectors: [{key, value}]}
// returns: created INTEGER
// description: Creates nodes with their labels (whitelisted by the restore:
//   identifiers only) and properties, tagged with a temporary restore key.
//   Float32 vectors go through db.create.setNodeVectorProperty, the compact
//   storage ingestion writes.
UNWIND $rows AS row
CREATE (n:$(row.labels + ['AtoCoreRestoreKey']))
SET n = row.props, n.atocore_restore_key = row.key
WITH n, row
CALL (n, row) {
  UNWIND row.vectors AS v
  CALL db.create.setNodeVectorProperty(n, v.key, v.value)
}
RETURN count(*) AS created
