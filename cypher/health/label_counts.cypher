// name: health.label_counts
// mode: read
// returns: label STRING, count INTEGER
// description: Node counts for each label AtoCore creates. COUNT {} over a
//   single label is answered from Neo4j's count store, so this stays O(1)
//   however large the graph grows.
UNWIND [
  {label: 'Project', count: COUNT { (:Project) }},
  {label: 'Document', count: COUNT { (:Document) }},
  {label: 'Chunk', count: COUNT { (:Chunk) }},
  {label: 'StateEntry', count: COUNT { (:StateEntry) }},
  {label: 'Memory', count: COUNT { (:Memory) }},
  {label: 'Interaction', count: COUNT { (:Interaction) }},
  {label: 'ReviewRecord', count: COUNT { (:ReviewRecord) }},
  {label: 'Entity', count: COUNT { (:Entity) }},
  {label: 'Artifact', count: COUNT { (:Artifact) }},
  {label: 'Conflict', count: COUNT { (:Conflict) }},
  {label: 'Migration', count: COUNT { (:Migration) }}
] AS row
RETURN row.label AS label, row.count AS count
