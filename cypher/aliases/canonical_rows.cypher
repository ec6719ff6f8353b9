// name: aliases.canonical_rows
// mode: read
// param projects: LIST<STRING>  canonical project ids
// returns: canonical STRING, labels LIST<STRING>, props MAP
// description: The current state entries, active memories and live
//   entities already under canonical ids, which shadow rows may collide with.
MATCH (n)
WHERE n.project IN $projects
  AND ((n:StateEntry AND n.current) OR (n:Memory AND n.status = 'active')
       OR (n:Entity AND n.status IN ['candidate', 'active']))
RETURN n.project AS canonical, labels(n) AS labels,
       n {.id, .status, .current, .category, .key, .value, .memory_type, .content, .type} AS props
