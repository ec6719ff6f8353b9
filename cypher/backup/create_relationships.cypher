// name: backup.create_relationships
// mode: write
// param type: STRING  the relationship type (whitelisted by the restore: an identifier)
// param rows: LIST<MAP>  {start, end, props}: restore keys of the two ends
// returns: created INTEGER
// description: Creates relationships of one type between nodes found by
//   their temporary restore keys.
UNWIND $rows AS row
MATCH (a:AtoCoreRestoreKey {atocore_restore_key: row.start})
MATCH (b:AtoCoreRestoreKey {atocore_restore_key: row.end})
CREATE (a)-[r:$($type)]->(b)
SET r = row.props
RETURN count(*) AS created
