// name: testing.refused_second_statement
// mode: schema
// description: Two statements; Neo4j runs the first and refuses the second on
//   its second line (a division by zero of literals is a syntax-free error
//   found at run time), so a test can check that the error names the second
//   statement's line. Never called by the API or the CLI.
RETURN 1 AS one;

WITH 1 AS one
RETURN one / 0 AS never;
