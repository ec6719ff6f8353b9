// name: tokens.by_hash
// mode: read
// param hash: STRING  hex SHA-256 of a presented secret
// returns: token MAP (the ApiToken's properties, hash included)
// description: The token a secret stands for, revoked or not (the caller
//   compares the hash in constant time and checks revoked_at). An index seek
//   on the api_token_hash constraint; no row for an unknown secret.
MATCH (t:ApiToken {hash: $hash})
RETURN t {.*} AS token
