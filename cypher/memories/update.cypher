// name: memories.update
// mode: write
// param id: STRING  memory id
// param content: STRING  new text, or null to keep it
// param confidence: FLOAT  new confidence, or null to keep it
// returns: memory MAP (the Memory's properties after the change)
// description: Edits a memory's content and confidence in place; no row
//   when the id is unknown. Status changes are reviews (memories.review),
//   never edits.
MATCH (m:Memory {id: $id})
SET m.content = coalesce($content, m.content),
    m.confidence = coalesce($confidence, m.confidence),
    m.updated_at = datetime()
RETURN m {.*} AS memory
