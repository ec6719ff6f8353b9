// name: imports.resolve_keys
// mode: read
// param project: STRING  canonical project id
// param refs: LIST<MAP>  one {key, types} per reference the export makes to an entity it does not carry
// returns: key STRING, types LIST<STRING>, found LIST<MAP> ({id, type, status, created_at} of each live entity with that key and one of the types)
// description: Resolves an export's references to entities already in the
//   project (a parent subsystem from another export, the subsystem a KB-FEM
//   model analyzes, the ValidationClaim a result supports). References that
//   match nothing return no row; the import reports them.
UNWIND $refs AS ref
MATCH (e:Entity {project: $project, key: ref.key})
WHERE e.type IN ref.types AND e.status IN ['candidate', 'active']
RETURN ref.key AS key, ref.types AS types, collect(e {.id, .type, .status, .created_at}) AS found
