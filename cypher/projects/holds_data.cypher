// name: projects.holds_data
// mode: read
// param project: STRING  a project name that is not registered
// returns: holds BOOLEAN
// description: Whether any knowledge was written under a project name that
//   was never registered (memories, trusted state, interactions, entities,
//   documents): such a name is known, and reads naming it are answered;
//   a name neither registered nor holding anything is a typo (a 404). Each
//   branch is one seek on the label's project index.
RETURN EXISTS { MATCH (n:Memory {project: $project}) } OR EXISTS { MATCH (n:StateEntry {project: $project}) }
    OR EXISTS { MATCH (n:Interaction {project: $project}) } OR EXISTS { MATCH (n:Entity {project: $project}) }
    OR EXISTS { MATCH (n:Document {project: $project}) } AS holds
