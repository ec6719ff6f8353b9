// name: imports.begin
// mode: write
// param id: STRING  the import id (derived from the tool, project and content hash)
// param project: STRING  canonical project id
// param tool: STRING  kb-cad or kb-fem
// param exporter: STRING  the export's exporter field
// param exporter_version: STRING  the exporter's version
// param exported_at: STRING  when the export was made, as the export gives it
// param content_hash: STRING  hash of the export's content (without exporter_version and exported_at)
// param actor: STRING  the token behind the request (filled by the graph layer: atocore.graph.audit), or null
// returns: id STRING
// description: Records one import, running until imports.finish writes its
//   summary and report. An import found still running (its run died) is
//   resumed by the next run of the same content.
CREATE (i:Import {
  id: $id, project: $project, tool: $tool, exporter: $exporter, exporter_version: $exporter_version,
  exported_at: $exported_at, content_hash: $content_hash, status: 'running',
  created_at: datetime.transaction(), last_seen_at: datetime.transaction(), times_seen: 1,
  created_by: $actor
})
RETURN i.id AS id
