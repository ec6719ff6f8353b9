// name: catalog.Q-019-open-conflicts
// id: Q-019
// title: Open conflicts
// question: Which conflicts are open in this project, between which
//   versions, with what values and from which sources?
// mode: read
// statuses: open conflicts and their members, whatever the members' status
//   (usually candidates waiting for review)
// param project: STRING  project id or alias
// columns: conflict_id STRING, slot STRING, detected_at DATETIME, id STRING, key STRING, name STRING, type STRING, status STRING, version INTEGER, facts MAP, sources LIST<STRING>
// description: One row per open conflict and member, oldest conflict first,
//   members in the order they were written. facts holds the member's typed
//   properties (the values that disagree); sources its provenance: artifact
//   URIs, chunk files ('file#heading') and 'interaction:<id>'. Resolve one
//   with POST /conflicts/{id}/resolve.
MATCH (c:Conflict {project: $project, status: 'open'})-[:MEMBER]->(m:Entity)
RETURN c.id AS conflict_id, c.slot AS slot, toString(c.detected_at) AS detected_at,
  m.id AS id, m.key AS key, m.name AS name, m.type AS type, m.status AS status, m.version AS version,
  m {decided_at: CASE WHEN m.decided_at IS NULL THEN null ELSE toString(datetime({datetime: m.decided_at, timezone: 'Z'})) END,
     .description, .interface_kind, .material, .method, .needs_review, .part_number, .priority, .rationale,
     .specification, .statement, .text, .tool, .unit, .value, .verification_method} AS facts,
  COLLECT {
    MATCH (m)-[:EVIDENCED_BY]->(s)
    RETURN CASE WHEN s:Chunk THEN s.source_file + '#' + coalesce(s.heading_path[-1], '')
                WHEN s:Interaction THEN 'interaction:' + s.id
                ELSE s.uri END AS source
    ORDER BY source
  } AS sources
ORDER BY c.detected_at, conflict_id, m.created_at, id
