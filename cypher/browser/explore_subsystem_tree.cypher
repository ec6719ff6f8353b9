// name: browser.explore_subsystem_tree
// mode: read
// param project: STRING  canonical project id
// returns: tree PATH
// description: Every active subsystem tree of the project as paths: from
//   each root subsystem (one no active subsystem contains) down effective
//   CONTAINS to its subsystems and components, so Browser draws the tree as a
//   graph in the colours of the style sheet. Written for Neo4j Browser
//   (docs/browser-guide.md); AtoCore itself never runs it.
MATCH (root:Subsystem {project: $project, status: 'active'})
WHERE NOT EXISTS {
  MATCH (up:Subsystem)-[c:CONTAINS]->(root) WHERE c.status = 'active' AND up.status = 'active'
}
MATCH tree = (root)((a)-[r:CONTAINS]->(b:Entity) WHERE r.status = 'active' AND b.status = 'active')+(leaf)
WHERE NOT EXISTS {
  MATCH (leaf)-[c:CONTAINS]->(below:Entity) WHERE c.status = 'active' AND below.status = 'active'
}
RETURN tree
