// name: testing.wipe_data
// mode: schema
// description: Deletes every node and relationship except the Migration
//   records, in batches. Used by the integration tests between modules; never
//   called by the API or the CLI.
MATCH (n) WHERE NOT n:Migration
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS;
