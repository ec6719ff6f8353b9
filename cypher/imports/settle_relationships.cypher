// name: imports.settle_relationships
// mode: write
// param ids: LIST<STRING>  entities just promoted
// returns: promoted INTEGER
// description: What entities.settle_relationships does for one entity, for
//   a batch: candidate relationships whose ends are now both active become
//   active.
UNWIND $ids AS id
MATCH (e:Entity {id: id})-[r]-(o:Entity)
WHERE r.id IS NOT NULL AND r.status = 'candidate' AND e.status = 'active' AND o.status = 'active'
WITH DISTINCT r
SET r.status = 'active', r.updated_at = datetime.transaction()
RETURN count(r) AS promoted
