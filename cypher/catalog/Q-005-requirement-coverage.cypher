// name: catalog.Q-005-requirement-coverage
// id: Q-005
// title: Requirement coverage
// question: Which components and subsystems satisfy each active
//   requirement, and which validation claims validate it (optionally only
//   the requirements satisfied within one subsystem)?
// mode: read
// statuses: active requirements, satisfiers and claims joined by effective
//   SATISFIES and VALIDATES; a claim is supported when an active Result
//   SUPPORTS it effectively
// param project: STRING  project id or alias
// param subsystem: STRING = null  only requirements satisfied by this subsystem (key) or anything it contains
// param limit: INTEGER = 100  at most this many requirements (a page)
// param after: STRING = null  start after this requirement key (the previous page's last; the API's next.after)
// keys: subsystem Subsystem
// pages: key
// columns: id STRING, key STRING, name STRING, type STRING, text STRING, covered BOOLEAN, satisfied_by LIST<MAP>, validated_by LIST<MAP>
// description: One row per active requirement, by key. satisfied_by lists
//   {id, key, name, type} of every active component or subsystem with an
//   effective SATISFIES to it (covered is true when there is one);
//   validated_by lists {id, key, name, type, supported} of every active
//   claim with an effective VALIDATES to it. With subsystem, only the
//   requirements satisfied by that subsystem or something it contains
//   (effective CONTAINS, any depth); an unknown subsystem gives no rows.
//   The subsystem's contents are walked once, never per requirement. A
//   small subtree (up to 250 members) then lists the requirements its
//   members satisfy; a larger one is checked per requirement in key order
//   against the members, stopping when the page is full (on the P4
//   project's root subsystem, 1,884 members: ~38 -> ~22 ms). Read in pages
//   of limit requirements by key: the requirements are ordered first and
//   each one's satisfiers and claims are read only for the page.
OPTIONAL MATCH (scope:Subsystem {project: $project, key: $subsystem, status: 'active'})
WITH scope WHERE $subsystem IS NULL OR scope IS NOT NULL
CALL (scope) {
  OPTIONAL MATCH (scope)((a)-[c:CONTAINS]->(b) WHERE c.status = 'active' AND b.status = 'active')*(s:Component|Subsystem)
  WITH collect(DISTINCT s) AS tree
  CALL (tree) {
    WITH tree WHERE $subsystem IS NOT NULL AND size(tree) <= 250
    RETURN COLLECT {
      UNWIND tree AS s
      MATCH (s)-[r:SATISFIES]->(req:Requirement {project: $project, status: 'active'}) WHERE r.status = 'active'
      RETURN DISTINCT req
    } AS found
    UNION
    WITH tree WHERE $subsystem IS NULL OR size(tree) > 250
    RETURN null AS found
  }
  RETURN tree, found
}
MATCH (req:Requirement {project: $project, status: 'active'})
WHERE ($after IS NULL OR req.key > $after) AND (found IS NULL OR req IN found)
WITH req, tree, found ORDER BY req.key
WITH req, tree, found, COLLECT {
  MATCH (s:Component|Subsystem)-[r:SATISFIES]->(req) WHERE r.status = 'active' AND s.status = 'active'
  RETURN s ORDER BY s.key, s.id
} AS satisfiers
WHERE $subsystem IS NULL OR found IS NOT NULL OR any(s IN satisfiers WHERE s IN tree)
WITH req, satisfiers LIMIT $limit
RETURN req.id AS id, req.key AS key, req.name AS name, req.type AS type, req.text AS text,
  size(satisfiers) > 0 AS covered, [s IN satisfiers | s {.id, .key, .name, .type}] AS satisfied_by,
  COLLECT {
    MATCH (c:ValidationClaim)-[v:VALIDATES]->(req) WHERE v.status = 'active' AND c.status = 'active'
    RETURN c {.id, .key, .name, .type,
              supported: EXISTS { MATCH (x:Result)-[s:SUPPORTS]->(c) WHERE s.status = 'active' AND x.status = 'active' }} AS claim
    ORDER BY c.key, c.id
  } AS validated_by
ORDER BY key
