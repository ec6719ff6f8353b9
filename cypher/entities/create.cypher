// name: entities.create
// mode: write
// param id: STRING  the new entity's id (a uuid)
// param type: STRING  entity type, already checked against the ontology whitelist; also the type label
// param key: STRING  stable external key, unique per (project, type) among live versions
// param entity_name: STRING  display name
// param project: STRING  canonical project id
// param status: STRING  candidate or active
// param confidence: FLOAT  0..1
// param canonical_home: STRING  the system that owns the truth (atocore, kb-cad, kb-fem, ...)
// param extractor_version: STRING  what produced it, or null for a person
// param version: INTEGER  1 for a new entity, predecessor's version + 1 for a revision
// param facts: MAP  the type's typed properties (null values are not stored)
// param fingerprint: STRING  hash of the fact fields, compared by conflict detection
// returns: entity MAP (the Entity's properties)
// description: Creates one entity node with the label Entity plus its type
//   label (a dynamic label: the service only passes whitelisted types). An
//   active entity is valid from now (the transaction's clock, so a revision's
//   valid_from equals its predecessor's valid_to exactly).
CREATE (e:Entity:$($type) {
  id: $id, type: $type, key: $key, name: $entity_name, project: $project, status: $status,
  confidence: $confidence, canonical_home: $canonical_home, extractor_version: $extractor_version,
  version: $version, fingerprint: $fingerprint, created_at: datetime.transaction(), updated_at: datetime.transaction()
})
SET e += $facts,
    e.valid_from = CASE WHEN $status = 'active' THEN datetime.transaction() END
RETURN e {.*} AS entity
