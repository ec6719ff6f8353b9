// name: projects.resolve
// mode: read
// param name_lower: STRING  the name asked for, lower-cased
// returns: id STRING
// description: The canonical id of the project whose id or one of whose
//   aliases equals the name, case-insensitively. No row when none does.
MATCH (p:Project)
WHERE p.id_lower = $name_lower OR $name_lower IN p.aliases_lower
RETURN p.id AS id
LIMIT 1
