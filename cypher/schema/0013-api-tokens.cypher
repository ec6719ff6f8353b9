// name: schema.0013-api-tokens
// mode: schema
// description: API tokens (atocore.services.api_tokens). A token is found by
//   the SHA-256 of its secret, so the hash is unique and indexed (the lookup
//   every request makes on a cache miss); its name is unique for good, revoked
//   tokens included, so an audit's created_by names one token only.
CREATE CONSTRAINT api_token_hash IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.hash IS UNIQUE;
CREATE CONSTRAINT api_token_name IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.name IS UNIQUE;
