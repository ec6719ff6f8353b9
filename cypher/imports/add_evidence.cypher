// name: imports.add_evidence
// mode: write
// param rows: LIST<MAP>  {id, artifact}: an existing entity and an artifact URI it is not EVIDENCED_BY yet (the import checked)
// returns: linked INTEGER
// description: Adds the record's source artifact to an unchanged entity's
//   provenance (an Artifact is merged by uri, the link created).
UNWIND $rows AS row
MATCH (e:Entity {id: row.id})
MERGE (a:Artifact {uri: row.artifact})
  ON CREATE SET a.id = randomUUID(), a.created_at = datetime.transaction()
CREATE (e)-[:EVIDENCED_BY]->(a)
RETURN count(*) AS linked
