// name: catalog.Q-017-evidence
// id: Q-017
// title: Evidence
// question: Where does this entity come from: its provenance down to source
//   chunks (file, heading), interactions or imported artifacts?
// mode: read
// statuses: the active version of the key (a revision made through PUT
//   inherits its predecessor's evidence; a revision a KB-CAD or KB-FEM
//   import proposed rests on its own export record's artifact)
// param project: STRING  project id or alias
// param key: STRING  the entity's key
// param type: STRING = null  only this entity type, when the key is used by several types
// keys: key
// columns: id STRING, key STRING, name STRING, type STRING, version INTEGER, kind STRING, source_id STRING, file STRING, heading STRING, uri STRING, document_id STRING, via STRING
// description: One row per source: kind 'chunk' (file and heading of an
//   ingested chunk), 'interaction' (a captured exchange), 'artifact' (a URI
//   such as note://... or an import's kb-cad://..., kb-fem://...) reached by
//   EVIDENCED_BY, and for a graduated fact the 'memory' it was graduated from
//   (GRADUATED_TO) and that memory's interactions (EXTRACTED_FROM). Every
//   active entity has at least one row (provenance is mandatory; Q-020 lists
//   any that has none).
MATCH (e:Entity {project: $project, key: $key, status: 'active'})
WHERE $type IS NULL OR e.type = $type
CALL (e) {
  MATCH (e)-[:EVIDENCED_BY]->(s)
  RETURN CASE WHEN s:Chunk THEN 'chunk' WHEN s:Interaction THEN 'interaction' ELSE 'artifact' END AS kind, s,
    'EVIDENCED_BY' AS via
  UNION
  MATCH (m:Memory)-[:GRADUATED_TO]->(e)
  RETURN 'memory' AS kind, m AS s, 'GRADUATED_TO' AS via
  UNION
  MATCH (m:Memory)-[:GRADUATED_TO]->(e)
  MATCH (m)-[:EXTRACTED_FROM]->(i:Interaction)
  RETURN 'interaction' AS kind, i AS s, 'GRADUATED_TO, EXTRACTED_FROM' AS via
}
RETURN e.id AS id, e.key AS key, e.name AS name, e.type AS type, e.version AS version, kind, s.id AS source_id,
  s.source_file AS file,
  CASE WHEN s.heading_path IS NULL THEN null
       ELSE reduce(h = '', part IN s.heading_path | h + CASE WHEN h = '' THEN '' ELSE ' > ' END + part) END AS heading,
  s.uri AS uri, s.document_id AS document_id, via
ORDER BY type, kind, coalesce(file, uri, source_id), heading
