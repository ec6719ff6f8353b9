// name: entities.copy_relationships
// mode: write
// param old_id: STRING  the version being replaced
// param new_id: STRING  the version replacing it
// param actor: STRING  the token behind the request (filled by the graph layer: atocore.graph.audit), or null
// returns: outgoing INTEGER, incoming INTEGER (relationships copied)
// description: Gives the new version a copy of each live (active or
//   candidate) relationship of the old one whose other end is live, so an
//   entity's relationships survive its revision. The copy keeps the type
//   (a dynamic type taken from a relationship that was whitelisted when it was
//   made), the status and the properties, gets a new id, remembers
//   copied_from and records who made the copy (created_by). The old relationships stay as they were: they point at a
//   superseded version, so they no longer count, and as-of reads still see them.
//   A version written by a tool import (origin = the tool) already carries
//   everything that tool states about it, so the old version's relationships
//   with the same origin are not copied (a moved component does not keep its
//   old parent, a changed material does not keep the old USES_MATERIAL).
MATCH (old:Entity {id: $old_id}), (new:Entity {id: $new_id})
CALL (old, new) {
  MATCH (old)-[r]->(o:Entity)
  WHERE r.id IS NOT NULL AND r.status IN ['active', 'candidate'] AND o.status IN ['active', 'candidate'] AND o <> new
    AND (new.origin IS NULL OR r.origin IS NULL OR r.origin <> new.origin)
    AND NOT EXISTS { MATCH (new)-[x]->(o) WHERE type(x) = type(r) AND x.status IN ['active', 'candidate'] }
  CREATE (new)-[c:$(type(r))]->(o)
  SET c = properties(r), c.id = randomUUID(), c.copied_from = r.id, c.created_by = $actor,
      c.created_at = datetime.transaction(), c.updated_at = datetime.transaction()
  RETURN count(c) AS outgoing
}
CALL (old, new) {
  MATCH (old)<-[r]-(o:Entity)
  WHERE r.id IS NOT NULL AND r.status IN ['active', 'candidate'] AND o.status IN ['active', 'candidate'] AND o <> new
    AND (new.origin IS NULL OR r.origin IS NULL OR r.origin <> new.origin)
    AND NOT EXISTS { MATCH (new)<-[x]-(o) WHERE type(x) = type(r) AND x.status IN ['active', 'candidate'] }
  CREATE (new)<-[c:$(type(r))]-(o)
  SET c = properties(r), c.id = randomUUID(), c.copied_from = r.id, c.created_by = $actor,
      c.created_at = datetime.transaction(), c.updated_at = datetime.transaction()
  RETURN count(c) AS incoming
}
RETURN outgoing, incoming
