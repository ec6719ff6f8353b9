// name: mirror.browser_entity
// mode: read
// param project: STRING  canonical project id
// param key: STRING  the entity's key
// returns: e NODE, r RELATIONSHIP, o NODE
// description: Not run by AtoCore itself: the query a Human Mirror HTML page
//   opens in Neo4j Browser (prefilled with :param lines for project and key)
//   when a reader follows an entity's link: the entity's active version with
//   its effective relationships and their other ends, drawn as a graph.
MATCH (e:Entity {project: $project, key: $key, status: 'active'})
OPTIONAL MATCH (e)-[r]-(o:Entity)
WHERE r.status = 'active' AND o.status = 'active'
RETURN e, r, o
