// name: entities.edit
// mode: write
// param id: STRING  entity id
// param required_status: STRING  the status the edit applies to (candidate)
// param entity_name: STRING  the new name
// param confidence: FLOAT  the new confidence
// param facts: MAP  every typed property of the type (null removes one)
// param fingerprint: STRING  hash of the new fact fields
// returns: entity MAP (after the edit), previous STRING (its status before)
// description: Edits an entity in place, only while it is in
//   required_status; otherwise nothing changes and the caller reads previous
//   to say why. Writing first takes the node's lock so the check is not stale.
MATCH (e:Entity {id: $id})
SET e.updated_at = e.updated_at
WITH e, e.status AS previous
FOREACH (_ IN CASE WHEN previous = $required_status THEN [1] ELSE [] END |
  SET e += $facts, e.name = $entity_name, e.confidence = $confidence, e.fingerprint = $fingerprint, e.updated_at = datetime.transaction()
)
RETURN e {.*} AS entity, previous
