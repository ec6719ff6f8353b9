// name: schema.0015-source-names
// mode: schema
// description: A source directory (:Source {name, path}) is named once:
//   adding a name twice at the same moment fails in one of the two
//   transactions instead of leaving two nodes behind. (0013 is left to the
//   project-name migration of the hardening branch.)
CREATE CONSTRAINT source_name IF NOT EXISTS FOR (s:Source) REQUIRE s.name IS UNIQUE;
