// name: transfer.find
// mode: read
// param label: STRING  a label (whitelisted by the import: an identifier)
// param property: STRING  the property that identifies nodes of the label
// param values: LIST<STRING>  the values looked for
// returns: value ANY, labels LIST<STRING>, props MAP
// description: The nodes of one label whose identifying property holds one
//   of the values: what a project import finds already there.
MATCH (n:$($label))
WHERE n[$property] IN $values
RETURN n[$property] AS value, labels(n) AS labels, properties(n) AS props
