// name: entities.get
// mode: read
// param id: STRING  entity id
// returns: entity MAP, relationships LIST<MAP>, evidence LIST<MAP>, supersedes LIST<STRING>, superseded_by LIST<STRING>
// description: One entity with its relationships to other entities (both
//   directions, every status, with the other endpoint's header so the caller
//   can tell which relationships are effective), its provenance and its
//   direct SUPERSEDES neighbours. No row when the id is unknown.
MATCH (e:Entity {id: $id})
RETURN e {.*} AS entity,
  [(e)-[r]->(o:Entity) WHERE r.id IS NOT NULL |
     {relationship: r {.*, type: type(r), from_id: e.id, to_id: o.id}, direction: 'out',
      other: o {.id, .key, .name, .type, .status}}]
  + [(e)<-[r]-(o:Entity) WHERE r.id IS NOT NULL |
     {relationship: r {.*, type: type(r), from_id: o.id, to_id: e.id}, direction: 'in',
      other: o {.id, .key, .name, .type, .status}}] AS relationships,
  [(e)-[:EVIDENCED_BY]->(s) |
     {kind: CASE WHEN s:Chunk THEN 'chunk' WHEN s:Interaction THEN 'interaction' ELSE 'artifact' END,
      id: s.id, uri: s.uri, source_file: s.source_file, heading_path: s.heading_path, document_id: s.document_id}] AS evidence,
  [(e)-[:SUPERSEDES]->(p:Entity) | p.id] AS supersedes,
  [(n:Entity)-[:SUPERSEDES]->(e) | n.id] AS superseded_by
