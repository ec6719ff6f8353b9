// name: imports.slot_versions
// mode: read
// param project: STRING  canonical project id
// param tool: STRING  the importing tool (kb-cad, kb-fem); anchors count only relationships it made
// param slots: LIST<MAP>  one {type, key, anchor_type, anchor_in} per record (anchor_type null when the record has none)
// returns: type STRING, key STRING, versions LIST<MAP> (each version's properties plus anchors, the keys of its anchor neighbours, and artifacts, the URIs it is EVIDENCED_BY)
// description: The versions an import compares its records with: every
//   live, invalid or retired entity of each (project, type, key) slot,
//   served by the (project, type, key) index. For live versions, anchors
//   are the keys of the live entities linked by a live relationship of the
//   record's anchor type that this tool made (the parent a component is
//   CONTAINed in, the model a result was PRODUCED by, what a model ANALYZES)
//   and artifacts the URIs of its Artifact evidence. Slots without any
//   version return no row. The import runs this before it writes anything.
UNWIND $slots AS slot
MATCH (e:Entity {project: $project, type: slot.type, key: slot.key})
WHERE e.status IN ['candidate', 'active', 'invalid', 'retired']
RETURN slot.type AS type, slot.key AS key, collect(e {.*,
  anchors: CASE
    WHEN slot.anchor_type IS NULL OR NOT e.status IN ['candidate', 'active'] THEN []
    WHEN slot.anchor_in THEN
      [(a:Entity)-[r]->(e) WHERE type(r) = slot.anchor_type AND r.origin = $tool
         AND r.status IN ['candidate', 'active'] AND a.status IN ['candidate', 'active'] | a.key]
    ELSE
      [(e)-[r]->(a:Entity) WHERE type(r) = slot.anchor_type AND r.origin = $tool
         AND r.status IN ['candidate', 'active'] AND a.status IN ['candidate', 'active'] | a.key]
  END,
  artifacts: CASE WHEN e.status IN ['candidate', 'active'] THEN [(e)-[:EVIDENCED_BY]->(a:Artifact) | a.uri] ELSE [] END
}) AS versions
