// name: schema.0006-reflection-indexes
// mode: schema
// description: The reflection loop: captured interactions, listed newest
//   first and filtered by project, session or client, and the review records
//   kept for every promote and reject. (The uniqueness constraint on
//   Interaction.id is in 0001.)
CREATE CONSTRAINT review_record_id IF NOT EXISTS FOR (n:ReviewRecord) REQUIRE n.id IS UNIQUE;
CREATE INDEX interaction_created_at IF NOT EXISTS FOR (n:Interaction) ON (n.created_at);
CREATE INDEX interaction_project IF NOT EXISTS FOR (n:Interaction) ON (n.project);
CREATE INDEX interaction_session_id IF NOT EXISTS FOR (n:Interaction) ON (n.session_id);
CREATE INDEX review_record_target_id IF NOT EXISTS FOR (n:ReviewRecord) ON (n.target_id);
CREATE INDEX review_record_at IF NOT EXISTS FOR (n:ReviewRecord) ON (n.at);
