// name: migrations.applied
// mode: read
// returns: id STRING, checksum STRING, applied_at DATETIME
// description: Schema migrations already applied to this database, in order.
MATCH (m:Migration)
RETURN m.id AS id, m.checksum AS checksum, m.applied_at AS applied_at
ORDER BY m.id
