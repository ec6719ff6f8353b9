// name: entities.settle_relationships
// mode: write
// param id: STRING  the entity just promoted or rejected
// returns: promoted INTEGER, rejected INTEGER
// description: Candidate relationships follow their endpoints: once both
//   ends are active (the last candidate end was just promoted) they become
//   active; when an end is rejected they become invalid. Relationships a
//   person created are active from the start and are not touched.
MATCH (e:Entity {id: $id})-[r]-(o:Entity)
WHERE r.id IS NOT NULL AND r.status = 'candidate'
WITH r, CASE
  WHEN e.status = 'active' AND o.status = 'active' THEN 'active'
  WHEN e.status = 'invalid' OR o.status = 'invalid' THEN 'invalid'
END AS settled
WHERE settled IS NOT NULL
SET r.status = settled, r.updated_at = datetime.transaction()
RETURN count(CASE WHEN settled = 'active' THEN 1 END) AS promoted,
       count(CASE WHEN settled = 'invalid' THEN 1 END) AS rejected
