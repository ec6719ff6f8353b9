// name: transfer.project_names
// mode: write
// param project: STRING  the imported project's id
// returns: names INTEGER
// description: The ProjectName nodes of an imported project (its id and
//   aliases, lower-cased, each NAMES the project), which an export leaves out
//   because they derive from the Project node and an import --as renames it.
//   The import checked first that no other project holds these names;
//   importing twice adds nothing.
MATCH (p:Project {id: $project})
UNWIND [p.id_lower] + coalesce(p.aliases_lower, []) AS name
MERGE (n:ProjectName {name_lower: name})
MERGE (n)-[:NAMES]->(p)
RETURN count(DISTINCT n) AS names
