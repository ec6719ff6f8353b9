// name: mirror.statuses
// mode: read
// param project: STRING  only this project's status, or null for every project's
// returns: status MAP (the MirrorStatus node's properties, every one named, null when unset)
// description: The Human Mirror's last regeneration attempt per project, by
//   project id: when it was tried and last succeeded, whether it failed and
//   why, how many failures in a row. Read by /health and GET /mirror/{project}.
MATCH (s:MirrorStatus)
WHERE $project IS NULL OR s.project = $project
RETURN s {.project, .ok, .trigger, .error, .written, .pages, .failures, .attempted_at, .succeeded_at, .created_at}
  AS status
ORDER BY s.project
