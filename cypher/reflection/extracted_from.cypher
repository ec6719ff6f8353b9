// name: reflection.extracted_from
// mode: read
// param interaction_id: STRING  interaction id
// returns: id STRING, content STRING, status STRING, rule STRING
// description: The memories earlier extraction passes created from this
//   interaction, whatever their status now, so a new pass neither repeats a
//   pending candidate nor revives a rejected one.
MATCH (m:Memory)-[e:EXTRACTED_FROM]->(:Interaction {id: $interaction_id})
RETURN m.id AS id, m.content AS content, m.status AS status, e.rule AS rule
ORDER BY m.created_at, m.id
