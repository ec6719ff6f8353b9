// name: reflection.reinforce
// mode: write
// param interaction_id: STRING  the interaction whose response matched
// param memory_ids: LIST<STRING>  the memories it matched
// param delta: FLOAT  confidence gained per reinforcement (capped at 1.0)
// returns: id STRING, content STRING, confidence_before FLOAT, confidence_after FLOAT, delta FLOAT, applied BOOLEAN
// description: Reinforces each matched memory once per interaction:
//   confidence + delta (capped at 1.0, rounded to 6 places), reference_count
//   + 1, last_referenced_at, and the audit link
//   (:Interaction)-[:REINFORCED {at, delta}]->(:Memory), delta being the gain
//   actually applied. A memory this interaction already reinforced comes back
//   with applied = false and is not touched again; a memory that is no longer
//   active is skipped (no row).
MATCH (i:Interaction {id: $interaction_id})
UNWIND $memory_ids AS memory_id
MATCH (m:Memory {id: memory_id, status: 'active'})
// Writing first takes the memory's lock, so two reinforcements of one pair
// cannot both find the link missing.
SET m.reference_count = m.reference_count
WITH i, m, m.confidence AS before, EXISTS { (i)-[:REINFORCED]->(m) } AS done
WITH i, m, before, done,
     round(CASE WHEN before + $delta > 1.0 THEN 1.0 ELSE before + $delta END, 6) AS after
FOREACH (_ IN CASE WHEN done THEN [] ELSE [1] END |
  CREATE (i)-[:REINFORCED {at: datetime(), delta: round(after - before, 6)}]->(m)
  SET m.confidence = after,
      m.reference_count = coalesce(m.reference_count, 0) + 1,
      m.last_referenced_at = datetime()
)
RETURN m.id AS id, m.content AS content, before AS confidence_before,
       CASE WHEN done THEN before ELSE after END AS confidence_after,
       CASE WHEN done THEN 0.0 ELSE round(after - before, 6) END AS delta,
       NOT done AS applied
ORDER BY id
