// name: testing.forget_migrations
// mode: write
// returns: forgotten INTEGER
// description: Deletes the Migration records, so the next schema check
//   applies every migration again (they are idempotent). Tests use it to
//   prove a request runs only after the schema is in place.
MATCH (m:Migration)
DETACH DELETE m
RETURN count(*) AS forgotten
