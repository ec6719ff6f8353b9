// name: testing.create_sources
// mode: write
// param chunk_id: STRING  id of a Chunk to create
// param interaction_id: STRING  id of an Interaction to create
// returns: nothing
// description: A bare Chunk (with source_file and heading_path) and a bare
//   Interaction for the provenance tests, without ingesting files. Never
//   called by the API or the CLI.
CREATE (:Chunk {id: $chunk_id, project: 'p-evidence', source_file: 'design/pads.md', heading_path: ['Pads', 'Lateral'], text: 'pads are 12 mm'})
CREATE (:Interaction {id: $interaction_id, project: 'p-evidence', prompt: 'what thickness?'})
