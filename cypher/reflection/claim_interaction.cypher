// name: reflection.claim_interaction
// mode: write
// param id: STRING  interaction id
// returns: project STRING (the interaction's canonical project, or null)
// description: Marks a persisting extraction pass on the interaction
//   (last_extracted_at). Run first in the pass's transaction: the write takes
//   the interaction's lock, so two passes over one interaction run one after
//   the other and the second sees the first one's candidates. No row when the
//   id is unknown.
MATCH (i:Interaction {id: $id})
SET i.last_extracted_at = datetime()
RETURN i.project AS project
