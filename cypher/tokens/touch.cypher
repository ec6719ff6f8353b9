// name: tokens.touch
// mode: write
// param token_name: STRING  the token just used
// returns: name STRING
// description: Records when a token was last used. The API calls it at most
//   once a minute per token (atocore.api.security), not on every request.
MATCH (t:ApiToken {name: $token_name})
SET t.last_used_at = datetime()
RETURN t.name AS name
