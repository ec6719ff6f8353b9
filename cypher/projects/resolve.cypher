// name: projects.resolve
// mode: read
// param name_lower: STRING  the name asked for, lower-cased
// returns: id STRING
// description: The canonical id of the project whose id or one of whose
//   aliases equals the name, case-insensitively (one ProjectName lookup).
//   No row when none does.
MATCH (:ProjectName {name_lower: $name_lower})-[:NAMES]->(p:Project)
RETURN p.id AS id
LIMIT 1
