// name: ingest.link_chunks
// mode: write
// param pairs: LIST<MAP>  {from, to}: chunk ids of consecutive chunks of one document
// returns: linked INTEGER
// description: Links each chunk to the next one of its document with NEXT_CHUNK.
UNWIND $pairs AS p
MATCH (a:Chunk {id: p.from})
MATCH (b:Chunk {id: p.to})
CREATE (a)-[:NEXT_CHUNK]->(b)
RETURN count(*) AS linked
