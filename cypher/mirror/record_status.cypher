// name: mirror.record_status
// mode: write
// param project: STRING  canonical project id
// param ok: BOOLEAN  whether the regeneration succeeded
// param trigger: STRING  explicit | change | daily | read (what asked for it)
// param error: STRING  what went wrong (the template's file and line when a template failed), or null
// param written: INTEGER  files written (a page whose inputs did not change is not rewritten)
// param pages: INTEGER  pages the project's Mirror has after the attempt
// returns: status MAP (the MirrorStatus node's properties)
// description: Records one regeneration attempt of a project's Human Mirror
//   on its MirrorStatus node (one per project, created on first use). A
//   success clears the error and sets succeeded_at; a failure keeps the last
//   success time and counts consecutive failures, so /health can say which
//   projects show stale pages and since when.
MERGE (s:MirrorStatus {project: $project})
ON CREATE SET s.failures = 0, s.created_at = datetime.transaction()
SET s.attempted_at = datetime.transaction(), s.ok = $ok, s.trigger = $trigger, s.error = $error,
    s.written = $written, s.pages = $pages,
    s.succeeded_at = CASE WHEN $ok THEN datetime.transaction() ELSE s.succeeded_at END,
    s.failures = CASE WHEN $ok THEN 0 ELSE s.failures + 1 END
RETURN s {.*} AS status
