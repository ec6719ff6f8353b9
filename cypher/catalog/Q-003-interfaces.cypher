// name: catalog.Q-003-interfaces
// id: Q-003
// title: Interfaces and the other side
// question: What interfaces does this subsystem or component have, and what
//   is on the other side?
// mode: read
// statuses: active entities joined by effective HAS_INTERFACE and CONNECTS
// param project: STRING  project id or alias
// param entity: STRING  the key of a Subsystem or a Component
// keys: entity Subsystem|Component
// columns: id STRING, key STRING, name STRING, type STRING, interface_kind STRING, role STRING, other_id STRING, other_key STRING, other_name STRING, other_type STRING, other_via STRING
// description: One row per interface and entity on its other side. An
//   interface belongs to the entity when the entity HAS_INTERFACE it (role
//   'has') or the interface CONNECTS to it (role 'connected'). The other side
//   is every other active subsystem or component attached to the same
//   interface, by CONNECTS or HAS_INTERFACE (other_via); an interface with no
//   other side gives one row with the other_* columns null.
MATCH (e:Entity {project: $project, key: $entity, status: 'active'})
WHERE e:Subsystem OR e:Component
CALL (e) {
  MATCH (e)-[h:HAS_INTERFACE {status: 'active'}]->(i:Interface {status: 'active'})
  RETURN i, 'has' AS role
  UNION
  MATCH (i:Interface {status: 'active'})-[c:CONNECTS {status: 'active'}]->(e)
  RETURN i, 'connected' AS role
}
OPTIONAL MATCH (i)-[link:CONNECTS|HAS_INTERFACE]-(o:Component|Subsystem)
WHERE o <> e AND link.status = 'active' AND o.status = 'active'
RETURN i.id AS id, i.key AS key, i.name AS name, i.type AS type, i.interface_kind AS interface_kind, role,
  o.id AS other_id, o.key AS other_key, o.name AS other_name, o.type AS other_type, type(link) AS other_via
ORDER BY key, role, other_key, other_via
