// name: catalog.Q-022-project-as-of
// id: Q-022
// title: Project as of a time
// question: What did the whole project hold at a given moment: which entity
//   versions were active then, and which relationships between them were
//   effective then?
// mode: read
// statuses: history: the versions active at as_of (valid_from <= as_of <
//   valid_to, whatever their status now); a relationship counts when it was
//   effective at as_of (the Q-015 rule) and its other end was active then
// param project: STRING  project id or alias
// param as_of: DATETIME  the moment to look at (ISO 8601)
// param limit: INTEGER = 100  at most this many keys (a page)
// param after: STRING = null  start after this key (the previous page's last; the API's next.after)
// pages: key
// columns: id STRING, key STRING, name STRING, type STRING, version INTEGER, status STRING, facts MAP, links LIST<MAP>
// description: One row per entity version active at as_of, by key and
//   type. facts holds its typed properties as they were (versions are never
//   edited); links lists its outgoing relationships effective at as_of as
//   {type, key, other_type}: created by then, and either active now and last
//   changed by then, or invalid now and rejected from active after as_of
//   (as Q-015 walks CONTAINS), with the other end's version active then.
//   status is the version's status now. The Human Mirror draws its overview
//   as of a past time from this. Read in pages of limit keys (a key used by
//   several types gives a row per type on one page).
MATCH (k:Entity {project: $project})
WHERE k.valid_from <= $as_of AND (k.valid_to IS NULL OR k.valid_to > $as_of) AND ($after IS NULL OR k.key > $after)
WITH DISTINCT k.key AS key ORDER BY key LIMIT $limit
MATCH (e:Entity {project: $project, key: key})
WHERE e.valid_from <= $as_of AND (e.valid_to IS NULL OR e.valid_to > $as_of)
RETURN e.id AS id, e.key AS key, e.name AS name, e.type AS type, e.version AS version, e.status AS status,
  e {decided_at: CASE WHEN e.decided_at IS NULL THEN null ELSE toString(datetime({datetime: e.decided_at, timezone: 'Z'})) END,
     .description, .interface_kind, .material, .method, .needs_review, .part_number, .priority, .rationale,
     .specification, .statement, .text, .tool, .unit, .value, .verification_method} AS facts,
  COLLECT {
    MATCH (e)-[r]->(o:Entity)
    WHERE r.id IS NOT NULL AND r.created_at <= $as_of
      AND ((r.status = 'active' AND r.updated_at <= $as_of)
           OR (r.status = 'invalid' AND r.updated_at > $as_of
               AND EXISTS { MATCH (rr:ReviewRecord {target_id: r.id}) WHERE rr.from_status = 'active' AND rr.at > $as_of }))
      AND o.valid_from <= $as_of AND (o.valid_to IS NULL OR o.valid_to > $as_of)
    WITH type(r) AS type, o
    ORDER BY type, o.key, o.type
    RETURN {type: type, key: o.key, other_type: o.type} AS link
  } AS links
ORDER BY key, type
