"""The local Neo4j server AtoCore installs and runs, and the background API process."""
