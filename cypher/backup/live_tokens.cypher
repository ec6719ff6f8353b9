// name: backup.live_tokens
// mode: read
// returns: props MAP (every property of one ApiToken, its hash included)
// description: The API tokens as they are live, read before a dump is
//   loaded (a dump holds the tokens of its time) to be put back after it.
MATCH (t:ApiToken)
RETURN properties(t) AS props
ORDER BY t.name
