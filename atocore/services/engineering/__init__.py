"""The engineering layer: typed entities and relationships with provenance and revisions.

``ontology`` holds the tables (types, facts, allowed pairs); ``entities`` and
``relationships`` the lifecycle; ``docs`` renders the reference pages from
the ontology.
"""
