// name: imports.touch
// mode: write
// param import_id: STRING  the import that saw them
// param rows: LIST<MAP>  {id, artifact}: an existing entity the export restated unchanged, and the record's source artifact
// returns: touched INTEGER
// description: Records that an import restated entities unchanged:
//   last_seen_at and last_import_id, plus an EVIDENCED_BY link to the
//   record's artifact when the entity does not have it yet. Nothing else
//   changes.
UNWIND $rows AS row
MATCH (e:Entity {id: row.id})
SET e.last_seen_at = datetime.transaction(), e.last_import_id = $import_id
MERGE (a:Artifact {uri: row.artifact})
  ON CREATE SET a.id = randomUUID(), a.created_at = datetime.transaction()
MERGE (e)-[:EVIDENCED_BY]->(a)
RETURN count(*) AS touched
