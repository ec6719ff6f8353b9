// name: catalog.Q-021-decision-dependencies
// id: Q-021
// title: Decision dependencies
// question: What does each active decision affect, which decisions and
//   assumptions does it rest on (and is any of those flagged for review),
//   and where does it come from?
// mode: read
// statuses: active decisions; AFFECTS and BASED_ON count when effective (the
//   relationship active, the other end active); the provenance of the active
//   version
// param project: STRING  project id or alias
// param limit: INTEGER = 100  at most this many decisions (a page)
// param after: STRING = null  start after this decision key (the previous page's last; the API's next.after)
// pages: key
// columns: id STRING, key STRING, name STRING, type STRING, affects LIST<MAP>, based_on LIST<MAP>, sources LIST<STRING>
// description: One row per active decision, by key. affects lists {key,
//   name, type} of every active entity it AFFECTS effectively; based_on
//   lists {key, name, type, needs_review} of every active decision or
//   assumption it is directly BASED_ON effectively (needs_review is the
//   assumption's flag, false for a decision; Q-009 follows the chains).
//   sources is its provenance as Q-019 writes it (artifact URIs, chunk files
//   'file#heading', 'interaction:<id>') plus 'memory:<id>' for a fact
//   graduated from a memory. The Human Mirror's decision log and its
//   dependency graph read this, one page of decisions per call, instead of
//   one Q-008 and one Q-017 per decision. Read in pages of limit decisions
//   by key.
MATCH (d:Decision {project: $project, status: 'active'})
WHERE $after IS NULL OR d.key > $after
WITH d ORDER BY d.key LIMIT $limit
RETURN d.id AS id, d.key AS key, d.name AS name, d.type AS type,
  COLLECT {
    MATCH (d)-[r:AFFECTS]->(t:Entity) WHERE r.status = 'active' AND t.status = 'active'
    RETURN t {.key, .name, .type} AS target ORDER BY t.key, t.type
  } AS affects,
  COLLECT {
    MATCH (d)-[r:BASED_ON]->(t:Decision|Assumption) WHERE r.status = 'active' AND t.status = 'active'
    RETURN t {.key, .name, .type, needs_review: coalesce(t.needs_review, false)} AS basis ORDER BY t.key, t.type
  } AS based_on,
  COLLECT {
    CALL (d) {
      MATCH (d)-[:EVIDENCED_BY]->(s)
      RETURN CASE WHEN s:Chunk THEN s.source_file + '#' + coalesce(s.heading_path[-1], '')
                  WHEN s:Interaction THEN 'interaction:' + s.id
                  ELSE s.uri END AS source
      UNION
      MATCH (m:Memory)-[:GRADUATED_TO]->(d)
      RETURN 'memory:' + m.id AS source
    }
    RETURN source ORDER BY source
  } AS sources
ORDER BY key
