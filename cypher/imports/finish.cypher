// name: imports.finish
// mode: write
// param id: STRING  the import id
// param summary: MAP  the counts (records, created, unchanged, previously_decided, relationships_created, conflicts, failed, unresolved)
// param details: STRING  the report's lists as JSON (changed, failed, unresolved, previously_decided, ignored_fields, created_by_type)
// returns: id STRING
// description: Stores an import's summary counts as properties and its
//   detailed report as one JSON string, and marks it complete.
MATCH (i:Import {id: $id})
SET i += $summary, i.details = $details, i.status = 'complete'
RETURN i.id AS id
