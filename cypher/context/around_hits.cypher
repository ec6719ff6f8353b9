// name: context.around_hits
// mode: read
// param chunk_ids: LIST<STRING>  the retrieved hits' chunk ids, best first
// param project: STRING  canonical project id; '' takes entities of any project
// param entity_limit: INTEGER  entities to return at most
// param link_limit: INTEGER  effective relationships to return per entity at most
// returns: neighbours LIST<MAP>, entities LIST<MAP>
// description: What follows the text of a context pack's hits, in one read
//   for all of them: each hit's NEXT_CHUNK neighbours in the same section
//   (same heading path; `before` / `after`, null at a section's edge), and
//   the active entities EVIDENCED_BY any hit's chunk (of the project when
//   one is given), best hit first, each with its effective relationships
//   (active, other end active). Candidate, invalid, superseded and retired
//   entities never come back.
CALL () {
  UNWIND $chunk_ids AS id
  MATCH (c:Chunk {id: id})
  OPTIONAL MATCH (p:Chunk)-[:NEXT_CHUNK]->(c) WHERE p.heading_path = c.heading_path
  OPTIONAL MATCH (c)-[:NEXT_CHUNK]->(n:Chunk) WHERE n.heading_path = c.heading_path
  RETURN collect({of: c.id,
    before: p {chunk_id: p.id, text: p.text, document_id: p.document_id, char_start: p.char_start, char_end: p.char_end},
    after: n {chunk_id: n.id, text: n.text, document_id: n.document_id, char_start: n.char_start, char_end: n.char_end}
  }) AS neighbours
}
CALL () {
  UNWIND range(0, size($chunk_ids) - 1) AS rank
  MATCH (e:Entity {status: 'active'})-[:EVIDENCED_BY]->(:Chunk {id: $chunk_ids[rank]})
  WHERE $project = '' OR e.project = $project
  WITH e, min(rank) AS best
  ORDER BY best, e.id
  LIMIT $entity_limit
  WITH e, [(e)-[r]-(o:Entity {status: 'active'}) WHERE r.status = 'active' |
      {type: type(r), outgoing: startNode(r) = e, id: o.id, type_of_other: o.type, name: o.name, key: o.key}] AS links
  RETURN collect(e {.*, links: links[..$link_limit]}) AS entities
}
RETURN neighbours, entities
