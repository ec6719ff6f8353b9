// name: schema.0011-entity-fulltext-index
// mode: schema
// description: Lucene fulltext index over the words of engineering entities
//   (name, key and the typed text facts), so the context builder can pick the
//   active entities a prompt is about in the same read as trusted state and
//   memories.
CREATE FULLTEXT INDEX entity_text IF NOT EXISTS
FOR (n:Entity) ON EACH [n.name, n.key, n.description, n.text, n.statement, n.rationale, n.specification, n.part_number];
