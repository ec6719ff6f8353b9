// name: relationships.live_between
// mode: read
// param type: STRING  relationship type
// param from_id: STRING  source entity id
// param to_id: STRING  target entity id
// returns: id STRING, status STRING
// description: Live (active or candidate) relationships of one type between
//   two entities, so the same link is not made twice.
MATCH (:Entity {id: $from_id})-[r]->(:Entity {id: $to_id})
WHERE type(r) = $type AND r.status IN ['active', 'candidate']
RETURN r.id AS id, r.status AS status
