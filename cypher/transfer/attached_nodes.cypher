// name: transfer.attached_nodes
// mode: read
// param project: STRING  canonical project id
// param skip_labels: LIST<STRING>  labels never transferred (lock nodes)
// returns: key STRING, labels LIST<STRING>, props MAP
// description: Nodes without a project of their own linked to a node the
//   project owns (review records, artifacts): carried with the project, and
//   reused as they are when the target already holds them.
MATCH (n)--(m)
WHERE (n.project = $project OR (n:Project AND n.id = $project))
  AND m.project IS NULL AND NOT m:Project AND NOT m:Migration
  AND none(label IN labels(m) WHERE label IN $skip_labels)
RETURN DISTINCT elementId(m) AS key, labels(m) AS labels, properties(m) AS props
