// name: graph.indexes
// mode: read
// returns: name STRING, type STRING, state STRING, labels LIST<STRING>, properties LIST<STRING>, options MAP, population_percent FLOAT
// description: Every index of the database with its state (ONLINE,
//   POPULATING, FAILED) and configuration; vector indexes carry their
//   dimensions in options.indexConfig.
SHOW INDEXES
YIELD name, type, state, labelsOrTypes, properties, options, populationPercent
RETURN name, type, state, labelsOrTypes AS labels, properties, options,
       populationPercent AS population_percent
ORDER BY name
