// name: imports.touch
// mode: write
// param import_id: STRING  the import that saw them
// param ids: LIST<STRING>  existing entities the export restated unchanged
// returns: touched INTEGER
// description: Records that an import restated entities unchanged:
//   last_seen_at and last_import_id. Nothing else about them changes.
UNWIND $ids AS id
MATCH (e:Entity {id: id})
SET e.last_seen_at = datetime.transaction(), e.last_import_id = $import_id
RETURN count(*) AS touched
