// name: backup.nodes
// mode: read
// returns: key STRING, labels LIST<STRING>, props MAP
// description: Every node of the database with its labels and properties,
//   whatever its kind: a label added by a later migration is carried without
//   a change here. key (the element id) only ties relationships to their
//   ends inside one backup.
MATCH (n)
RETURN elementId(n) AS key, labels(n) AS labels, properties(n) AS props
