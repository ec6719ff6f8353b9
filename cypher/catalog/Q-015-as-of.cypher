// name: catalog.Q-015-as-of
// id: Q-015
// title: As of a time
// question: What was this entity, or this subsystem's contents, at a given
//   moment?
// mode: read
// statuses: history: the versions active at as_of (valid_from <= as_of <
//   valid_to); a relationship counts when it was effective then
// param project: STRING  project id or alias
// param key: STRING  the entity's key
// param as_of: DATETIME  the moment to look at (ISO 8601)
// param type: STRING = null  only this entity type, when the key is used by several types
// keys: key
// columns: depth INTEGER, id STRING, key STRING, name STRING, type STRING, version INTEGER, status STRING, valid_from DATETIME, valid_to DATETIME, parent_key STRING, facts MAP
// description: The version of the key's revision chain that was active at
//   as_of (depth 0) and, for a subsystem, what it contained then, at the
//   shortest depth, walking the CONTAINS of the versions active then. A
//   relationship counts at as_of when it was created by then and either is
//   active now and last changed by then, or is invalid now and was rejected
//   from active after as_of. status is the version's status now; facts holds
//   its typed properties as they were (versions are never edited).
MATCH (e:Entity {project: $project, key: $key})
WHERE ($type IS NULL OR e.type = $type) AND e.valid_from <= $as_of AND (e.valid_to IS NULL OR e.valid_to > $as_of)
CALL (e) {
  RETURN e AS x, 0 AS depth, null AS parent_key
  UNION
  MATCH ALL SHORTEST (e:Subsystem)((a)-[r:CONTAINS]->(b)
    WHERE r.created_at <= $as_of
      AND ((r.status = 'active' AND r.updated_at <= $as_of)
           OR (r.status = 'invalid' AND r.updated_at > $as_of
               AND EXISTS { MATCH (rr:ReviewRecord {target_id: r.id}) WHERE rr.from_status = 'active' AND rr.at > $as_of }))
      AND b.valid_from <= $as_of AND (b.valid_to IS NULL OR b.valid_to > $as_of))+(x:Entity)
  WHERE x <> e
  WITH x, size(r) AS depth, a[-1].key AS parent_key
  ORDER BY parent_key
  RETURN x, depth, collect(parent_key)[0] AS parent_key
}
RETURN depth, x.id AS id, x.key AS key, x.name AS name, x.type AS type, x.version AS version, x.status AS status,
  toString(x.valid_from) AS valid_from, toString(x.valid_to) AS valid_to, parent_key,
  x {decided_at: CASE WHEN x.decided_at IS NULL THEN null ELSE toString(datetime({datetime: x.decided_at, timezone: 'Z'})) END,
     .description, .interface_kind, .material, .method, .needs_review, .part_number, .priority, .rationale,
     .specification, .statement, .text, .tool, .unit, .value, .verification_method} AS facts
ORDER BY depth, key
