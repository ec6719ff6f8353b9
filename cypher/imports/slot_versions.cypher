// name: imports.slot_versions
// mode: read
// param project: STRING  canonical project id
// param tool: STRING  the importing tool (kb-cad, kb-fem); anchors count only relationships it made
// param fields: LIST<STRING>  the fact field names to return
// param slots: LIST<MAP>  one {type, key, anchor_type, anchor_in} per record (anchor_type null when the record has none)
// returns: type STRING, key STRING, versions LIST<MAP> ({id, status, name, version, import_id, facts, anchors, artifacts, links} per version, active first, then oldest first)
// description: The versions an import compares its records with: every
//   live, invalid or retired entity of each (project, type, key) slot,
//   served by the (project, type, key) index. facts are [name, value]
//   pairs. For live versions: anchors are the keys of the live entities
//   linked by a live relationship of the record's anchor type that this
//   tool made (the parent a component is CONTAINed in, the model a result
//   was PRODUCED by, what a model ANALYZES); artifacts the URIs of its
//   Artifact evidence; links every relationship touching it, as [type,
//   from id, to id], any status, so the import proposes none twice (nor one
//   a reviewer rejected). Slots without any version return no row. The
//   import runs this before it writes anything.
UNWIND $slots AS slot
MATCH (e:Entity {project: $project, type: slot.type, key: slot.key})
WHERE e.status IN ['candidate', 'active', 'invalid', 'retired']
WITH slot, e, e.status IN ['candidate', 'active'] AS live
ORDER BY e.status <> 'active', e.created_at, e.id
WITH slot, collect(e {.id, .status, .name, .version, .import_id,
  facts: [f IN $fields WHERE e[f] IS NOT NULL | [f, e[f]]],
  anchors: CASE
    WHEN slot.anchor_type IS NULL OR NOT live THEN []
    WHEN slot.anchor_in THEN
      [(a:Entity)-[r]->(e) WHERE type(r) = slot.anchor_type AND r.origin = $tool
         AND r.status IN ['candidate', 'active'] AND a.status IN ['candidate', 'active'] | a.key]
    ELSE
      [(e)-[r]->(a:Entity) WHERE type(r) = slot.anchor_type AND r.origin = $tool
         AND r.status IN ['candidate', 'active'] AND a.status IN ['candidate', 'active'] | a.key]
  END,
  artifacts: CASE WHEN live THEN [(e)-[:EVIDENCED_BY]->(a:Artifact) | a.uri] ELSE [] END,
  links: CASE WHEN live
    THEN [(e)-[r]->(o:Entity) WHERE r.id IS NOT NULL | [type(r), e.id, o.id]]
       + [(e)<-[r]-(o:Entity) WHERE r.id IS NOT NULL | [type(r), o.id, e.id]]
    ELSE [] END
}) AS versions
RETURN slot.type AS type, slot.key AS key, versions
