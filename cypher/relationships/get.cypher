// name: relationships.get
// mode: read
// param id: STRING  relationship id
// returns: relationship MAP, source MAP, target MAP, reviews LIST<MAP>
// description: One relationship with both endpoints' headers and its review
//   records. No row when the id is unknown. The endpoints' project is for
//   the change notification (services.changes), not shown in the answer.
MATCH (a:Entity)-[r]->(b:Entity)
WHERE r.id = $id
RETURN r {.*, type: type(r), from_id: a.id, to_id: b.id} AS relationship,
  a {.id, .key, .name, .type, .status, .project} AS source,
  b {.id, .key, .name, .type, .status, .project} AS target,
  COLLECT { MATCH (x:ReviewRecord {target_id: $id}) RETURN x {.*} ORDER BY x.at DESC, x.id } AS reviews
