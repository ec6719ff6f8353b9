// name: transfer.tag
// mode: write
// param label: STRING  a label (whitelisted by the import: an identifier)
// param property: STRING  the property that identifies nodes of the label
// param keys: MAP  identifying value -> the import's key for that node
// returns: tagged INTEGER
// description: Gives nodes already in the database the temporary restore
//   key of the import (as backup.create_nodes gives new ones), so the
//   import's relationships find both kinds of ends the same way.
MATCH (n:$($label))
WHERE n[$property] IN keys($keys)
SET n:AtoCoreRestoreKey, n.atocore_restore_key = $keys[n[$property]]
RETURN count(n) AS tagged
