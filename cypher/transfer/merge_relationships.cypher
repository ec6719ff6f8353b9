// name: transfer.merge_relationships
// mode: write
// param type: STRING  the relationship type (whitelisted by the import: an identifier)
// param rows: LIST<MAP>  {start, end, props}: restore keys of the two ends
// returns: created INTEGER
// description: Creates the relationships of one type that are not there
//   yet (same type, ends and properties), so importing twice adds nothing.
UNWIND $rows AS row
MATCH (a:AtoCoreRestoreKey {atocore_restore_key: row.start})
MATCH (b:AtoCoreRestoreKey {atocore_restore_key: row.end})
WITH a, b, row
WHERE NOT EXISTS { MATCH (a)-[old:$($type)]->(b) WHERE properties(old) = row.props }
CREATE (a)-[r:$($type)]->(b)
SET r = row.props
RETURN count(r) AS created
