// name: transfer.unique_keys
// mode: read
// returns: label STRING, property STRING
// description: Every single-property uniqueness constraint of the schema
//   (Chunk.id, Artifact.uri, ...): how an imported node is recognised in the
//   target database, for every kind the migrations made unique.
SHOW CONSTRAINTS
YIELD type, entityType, labelsOrTypes, properties
WHERE type = 'UNIQUENESS' AND entityType = 'NODE' AND size(properties) = 1
RETURN labelsOrTypes[0] AS label, properties[0] AS property
ORDER BY label, property
