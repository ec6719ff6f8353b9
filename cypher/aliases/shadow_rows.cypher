// name: aliases.shadow_rows
// mode: read
// returns: canonical STRING, name STRING, key STRING, labels LIST<STRING>, props MAP
// description: Rows of every kind filed under a name that is not a project's
//   canonical id but matches it case-insensitively or is one of its aliases
//   (written before the name became an alias): nodes whose project property
//   is such a name, and entity key locks whose slot starts with one. props
//   holds what the migration's collision rules compare; key is the element
//   id the apply re-keys by.
MATCH (p:Project)
WITH collect({id: p.id, names: [p.id_lower] + coalesce(p.aliases_lower, [])}) AS projects
CALL () {
  MATCH (n) WHERE n.project IS NOT NULL AND NOT n:Project
  RETURN n, n.project AS name
  UNION
  MATCH (n:EntityKeyLock)
  RETURN n, split(n.slot, '|')[0] AS name
}
WITH n, name, [q IN projects WHERE toLower(name) IN q.names | q.id] AS owners
WHERE size(owners) > 0 AND owners[0] <> name
RETURN owners[0] AS canonical, name, elementId(n) AS key, labels(n) AS labels,
       n {.id, .status, .current, .category, .key, .value, .memory_type, .content, .type, .slot} AS props
ORDER BY canonical, name, key
