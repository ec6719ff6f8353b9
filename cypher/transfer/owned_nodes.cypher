// name: transfer.owned_nodes
// mode: read
// param project: STRING  canonical project id
// param skip_labels: LIST<STRING>  labels never transferred (lock nodes)
// returns: key STRING, labels LIST<STRING>, props MAP
// description: The nodes a project owns, whatever their kind: its Project
//   node and every node whose project property names it (a label added by a
//   later migration is carried without a change here). key (the element id)
//   only ties relationships to their ends inside one export.
MATCH (n)
WHERE (n.project = $project OR (n:Project AND n.id = $project))
  AND none(label IN labels(n) WHERE label IN $skip_labels)
RETURN elementId(n) AS key, labels(n) AS labels, properties(n) AS props
