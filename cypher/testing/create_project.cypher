// name: testing.create_project
// mode: write
// param id: STRING  canonical project id
// param aliases: LIST<STRING>  other names of the project
// returns: id STRING
// description: Registers a project with aliases in the shape the project
//   registry writes (ProjectName nodes included), so tests can exercise
//   canonicalization. Used by the tests only; never called by the API or the CLI.
MERGE (p:Project {id: $id})
SET p.id_lower = toLower($id),
    p.aliases = $aliases,
    p.aliases_lower = [alias IN $aliases | toLower(alias)],
    p.description = coalesce(p.description, '')
WITH p
UNWIND [toLower($id)] + [alias IN $aliases | toLower(alias)] AS name
MERGE (n:ProjectName {name_lower: name})
MERGE (n)-[:NAMES]->(p)
WITH DISTINCT p
RETURN p.id AS id
