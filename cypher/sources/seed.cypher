// name: sources.seed
// mode: write
// param sources: LIST<MAP>  [{name, path}] from ATOCORE_SOURCES
// returns: seeded INTEGER
// description: Makes every source configured in ATOCORE_SOURCES present with
//   its configured path (the setting wins over a run-time path of the same
//   name). Idempotent: run at every startup.
UNWIND $sources AS source
MERGE (s:Source {name: source.name})
ON CREATE SET s.added_at = datetime()
SET s.path = source.path, s.configured = true
RETURN count(s) AS seeded
