// name: graph.components
// mode: read
// returns: name STRING, versions LIST<STRING>, edition STRING
// description: The server's kernel version and edition (community /
//   enterprise), for /health and feature detection.
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions, edition
