// name: schema.0014-project-names
// mode: schema
// description: One ProjectName node per name a project answers to (its id
//   and each alias, lower-cased), linked (:ProjectName)-[:NAMES]->(:Project),
//   unique by a constraint: two registrations claiming one name at once can
//   no longer both succeed (the second fails in its own transaction and
//   answers 409), and resolving a name is one index lookup. Existing projects
//   get their nodes here. A name several projects held (possible before,
//   when concurrent registrations raced) stays with the project whose id it
//   is, else with the earliest registered one, and is dropped from the other
//   projects' aliases.
CREATE CONSTRAINT project_name_lower IF NOT EXISTS FOR (n:ProjectName) REQUIRE n.name_lower IS UNIQUE;
MATCH (p:Project)
UNWIND [{name: p.id_lower, rank: 0}] + [a IN coalesce(p.aliases_lower, []) | {name: a, rank: 1}] AS claim
WITH p, claim WHERE claim.name IS NOT NULL
WITH claim.name AS name_lower, p ORDER BY claim.rank, p.created_at, p.id
WITH name_lower, collect(p)[0] AS owner
MERGE (n:ProjectName {name_lower: name_lower})
MERGE (n)-[:NAMES]->(owner);
MATCH (p:Project)
WITH p, [i IN range(0, size(coalesce(p.aliases, [])) - 1)
         WHERE EXISTS { (:ProjectName {name_lower: p.aliases_lower[i]})-[:NAMES]->(p) }] AS kept
SET p.aliases = [i IN kept | p.aliases[i]],
    p.aliases_lower = [i IN kept | p.aliases_lower[i]];
