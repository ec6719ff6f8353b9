// name: catalog.Q-016-impact
// id: Q-016
// title: Impact of a change
// question: If this component, parameter or material changes, what is
//   reachable from it within N hops along structural, intent and validation
//   relationships, and by which path?
// mode: read
// statuses: active entities joined by effective relationships, followed in
//   either direction
// param project: STRING  project id or alias
// param entity: STRING  the key of a Component, Parameter or Material
// param hops: INTEGER = 2  how far to look (1 to 4)
// keys: entity Component|Parameter|Material
// columns: distance INTEGER, id STRING, key STRING, name STRING, type STRING, path STRING
// description: Every active entity reachable from the start through at
//   most hops effective relationships of the structural, intent and
//   validation families (CONTAINS, HAS_INTERFACE, CONNECTS, USES_MATERIAL,
//   HAS_PARAMETER, SATISFIES, CONSTRAINS, AFFECTS, BASED_ON, ADDRESSES,
//   DERIVED_FROM, ANALYZES, PRODUCED, SUPPORTS, VALIDATES), whatever their
//   direction. distance is the shortest number of hops and path one shortest
//   path written 'key -TYPE-> key <-TYPE- key' (the smallest when several
//   are). hops below 1 count as 1, above 4 as 4. Each hop count has its
//   own branch with a fixed bound, and only the one asked for runs: a
//   shortest-path search with a larger bound would explore the whole
//   neighbourhood before filtering (measured: 26k paths for 176 rows).
MATCH (e:Entity {project: $project, key: $entity, status: 'active'})
WHERE e:Component OR e:Parameter OR e:Material
CALL (e) {
  WITH e WHERE $hops <= 1
  MATCH p = ALL SHORTEST (e)((a)-[r:CONTAINS|HAS_INTERFACE|CONNECTS|USES_MATERIAL|HAS_PARAMETER|SATISFIES|CONSTRAINS|AFFECTS|BASED_ON|ADDRESSES|DERIVED_FROM|ANALYZES|PRODUCED|SUPPORTS|VALIDATES]-(b)
    WHERE r.status = 'active' AND b.status = 'active'){1,1}(x:Entity)
  RETURN p, x
  UNION
  WITH e WHERE $hops = 2
  MATCH p = ALL SHORTEST (e)((a)-[r:CONTAINS|HAS_INTERFACE|CONNECTS|USES_MATERIAL|HAS_PARAMETER|SATISFIES|CONSTRAINS|AFFECTS|BASED_ON|ADDRESSES|DERIVED_FROM|ANALYZES|PRODUCED|SUPPORTS|VALIDATES]-(b)
    WHERE r.status = 'active' AND b.status = 'active'){1,2}(x:Entity)
  RETURN p, x
  UNION
  WITH e WHERE $hops = 3
  MATCH p = ALL SHORTEST (e)((a)-[r:CONTAINS|HAS_INTERFACE|CONNECTS|USES_MATERIAL|HAS_PARAMETER|SATISFIES|CONSTRAINS|AFFECTS|BASED_ON|ADDRESSES|DERIVED_FROM|ANALYZES|PRODUCED|SUPPORTS|VALIDATES]-(b)
    WHERE r.status = 'active' AND b.status = 'active'){1,3}(x:Entity)
  RETURN p, x
  UNION
  WITH e WHERE $hops >= 4
  MATCH p = ALL SHORTEST (e)((a)-[r:CONTAINS|HAS_INTERFACE|CONNECTS|USES_MATERIAL|HAS_PARAMETER|SATISFIES|CONSTRAINS|AFFECTS|BASED_ON|ADDRESSES|DERIVED_FROM|ANALYZES|PRODUCED|SUPPORTS|VALIDATES]-(b)
    WHERE r.status = 'active' AND b.status = 'active'){1,4}(x:Entity)
  RETURN p, x
}
WITH e, x, p
WHERE x <> e
WITH x, length(p) AS distance,
  reduce(text = e.key, i IN range(0, length(p) - 1) |
    text + CASE WHEN startNode(relationships(p)[i]) = nodes(p)[i]
                THEN ' -' + type(relationships(p)[i]) + '-> '
                ELSE ' <-' + type(relationships(p)[i]) + '- ' END + nodes(p)[i + 1].key) AS path
WITH x, distance, min(path) AS path
RETURN distance, x.id AS id, x.key AS key, x.name AS name, x.type AS type, path
ORDER BY distance, key
