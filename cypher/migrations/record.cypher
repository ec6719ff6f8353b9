// name: migrations.record
// mode: write
// param id: STRING  migration name, e.g. schema.0001-constraints
// param checksum: STRING  sha256 of the migration file
// returns: id STRING, applied_at DATETIME
// description: Records that a migration was applied; applied_at keeps the
//   first time it was recorded.
MERGE (m:Migration {id: $id})
ON CREATE SET m.checksum = $checksum, m.applied_at = datetime()
RETURN m.id AS id, m.applied_at AS applied_at
