// name: catalog.Q-002-where-used
// id: Q-002
// title: Where used
// question: Where is this component (or material) used? The subsystems
//   containing it up to the root, and the other components sharing its
//   material; for a material, what uses it and where those sit.
// mode: read
// statuses: active entities joined by effective relationships
// param project: STRING  project id or alias
// param entity: STRING  the key of a Component or a Material
// keys: entity Component|Material
// columns: relation STRING, depth INTEGER, id STRING, key STRING, name STRING, type STRING, via_key STRING
// description: Rows by relation. For a component: 'contained_in' for each
//   subsystem above it (depth = CONTAINS hops up, via_key null) and
//   'shares_material' for each other active component using one of its
//   materials (via_key = the material). For a material: 'used_by' for each
//   component or subsystem using it (via_key = the material) and
//   'contained_in' for the subsystems above each user (via_key = the user,
//   depth counted from it). Every relationship on the way is effective.
MATCH (e:Entity {project: $project, key: $entity, status: 'active'})
WHERE e:Component OR e:Material
CALL (e) {
  MATCH (u:Component|Subsystem {status: 'active'})-[r:USES_MATERIAL {status: 'active'}]->(e:Material)
  RETURN 'used_by' AS relation, 1 AS depth, u AS other, e.key AS via_key
  UNION
  MATCH (a:Subsystem {status: 'active'})((p)-[c:CONTAINS]->(q) WHERE c.status = 'active' AND q.status = 'active')+(e:Component)
  RETURN 'contained_in' AS relation, min(size(c)) AS depth, a AS other, null AS via_key
  UNION
  MATCH (u:Component|Subsystem {status: 'active'})-[r:USES_MATERIAL {status: 'active'}]->(e:Material)
  MATCH (a:Subsystem {status: 'active'})((p)-[c:CONTAINS]->(q) WHERE c.status = 'active' AND q.status = 'active')+(u)
  RETURN 'contained_in' AS relation, min(size(c)) AS depth, a AS other, u.key AS via_key
  UNION
  MATCH (e:Component)-[r1:USES_MATERIAL {status: 'active'}]->(m:Material {status: 'active'})
        <-[r2:USES_MATERIAL {status: 'active'}]-(o:Component {status: 'active'})
  WHERE o <> e
  RETURN 'shares_material' AS relation, null AS depth, o AS other, m.key AS via_key
}
RETURN relation, depth, other.id AS id, other.key AS key, other.name AS name, other.type AS type, via_key
ORDER BY relation, via_key, depth, key
