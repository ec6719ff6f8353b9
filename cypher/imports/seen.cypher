// name: imports.seen
// mode: write
// param id: STRING  the import id
// returns: times_seen INTEGER
// description: The same content arrived again (a retry or a re-export with
//   nothing changed): only the import's last_seen_at and times_seen change.
MATCH (i:Import {id: $id})
SET i.last_seen_at = datetime.transaction(), i.times_seen = coalesce(i.times_seen, 1) + 1
RETURN i.times_seen AS times_seen
