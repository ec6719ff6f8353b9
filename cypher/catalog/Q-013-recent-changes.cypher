// name: catalog.Q-013-recent-changes
// id: Q-013
// title: Recent changes
// question: Which entities were created, promoted, revised, superseded or
//   retired in this project in the last N days (optionally within a
//   subsystem), newest first?
// mode: read
// statuses: history: every status counts (a change is an event, whatever
//   became of the entity since); the subsystem scope uses effective
//   relationships
// param project: STRING  project id or alias
// param days: INTEGER = 14  how many days back
// param subsystem: STRING = null  only entities within this subsystem (key)
// param limit: INTEGER = 200  rows at most
// keys: subsystem Subsystem
// columns: at DATETIME, change STRING, id STRING, key STRING, name STRING, type STRING, version INTEGER, status STRING, reason STRING
// description: Events from the last days: 'created' (an entity version was
//   written, created_at) and, from the review records, 'promoted', 'revised'
//   (a new version became active through an edit), 'superseded' and
//   'retired'. status is the version's status now. Within a subsystem, an
//   entity counts when its type and key are those of the subsystem, of
//   something it contains (effective CONTAINS, any depth) or of an entity
//   linked to one of these by an effective relationship, so earlier versions
//   of those entities count too. Newest first; events of one transaction
//   (a revision writes three) by key, then version descending.
//   Within a subsystem the check is made in one of two equivalent ways: a
//   small subtree (up to 250 entities) lists the type|key slots of its
//   members and their linked entities once; a larger one is checked per
//   event, newest first, from the event entity's active version, stopping
//   once limit events are found (listing a big subtree's neighbours cost
//   ~200 ms on the P4 project). Without a subsystem each kind of event is
//   cut to the newest limit before the two are merged.
OPTIONAL MATCH (root:Subsystem {project: $project, key: $subsystem, status: 'active'})
WITH root
WHERE $subsystem IS NULL OR root IS NOT NULL
CALL (root) {
  OPTIONAL MATCH (root)((a)-[c:CONTAINS]->(b) WHERE c.status = 'active' AND b.status = 'active')*(n)
  WITH collect(DISTINCT n) AS tree
  CALL (tree) {
    WITH tree WHERE size(tree) <= 250
    RETURN [x IN tree + COLLECT {
      UNWIND tree AS n
      MATCH (n)-[r]-(m:Entity) WHERE r.id IS NOT NULL AND r.status = 'active' AND m.status = 'active'
      RETURN DISTINCT m
    } | x.type + '|' + x.key] AS slots
    UNION
    WITH tree WHERE size(tree) > 250
    RETURN null AS slots
  }
  RETURN tree, slots
}
CALL () {
  MATCH (e:Entity {project: $project})
  WHERE e.created_at >= datetime() - duration({days: $days})
  WITH e, e.created_at AS at ORDER BY at DESC, e.key, e.version DESC
  LIMIT CASE WHEN $subsystem IS NULL THEN $limit ELSE 1000000000 END
  RETURN e, at, 'created' AS change, null AS reason
  UNION
  MATCH (rr:ReviewRecord {project: $project, target_kind: 'entity'})-[:REVIEWED]->(e:Entity)
  WHERE rr.at >= datetime() - duration({days: $days}) AND rr.action IN ['promote', 'revise', 'supersede', 'retire']
  RETURN DISTINCT e, rr.at AS at,
    CASE rr.action WHEN 'promote' THEN 'promoted' WHEN 'revise' THEN 'revised' WHEN 'supersede' THEN 'superseded' ELSE 'retired' END AS change,
    rr.reason AS reason
  ORDER BY at DESC, e.key, e.version DESC, change
  LIMIT CASE WHEN $subsystem IS NULL THEN $limit ELSE 1000000000 END
}
WITH e, at AS moment, change, reason, tree, slots
ORDER BY moment DESC, e.key, e.version DESC, change
WHERE $subsystem IS NULL OR CASE WHEN slots IS NOT NULL THEN e.type + '|' + e.key IN slots ELSE EXISTS {
  MATCH (cur:Entity {project: $project, type: e.type, key: e.key, status: 'active'})
  WHERE cur IN tree OR EXISTS { MATCH (cur)-[r]-(n) WHERE r.id IS NOT NULL AND r.status = 'active' AND n IN tree }
} END
WITH e, moment, change, reason LIMIT $limit
RETURN toString(moment) AS at, change, e.id AS id, e.key AS key, e.name AS name, e.type AS type, e.version AS version, e.status AS status, reason
ORDER BY moment DESC, key, version DESC, change
