// name: backup.label_counts
// mode: read
// returns: label STRING, count INTEGER
// description: Nodes per label for every label the database holds (from
//   the count store), to check a dump after it is loaded.
CALL db.labels() YIELD label
RETURN label, COUNT { MATCH (n:$(label)) } AS count
ORDER BY label
