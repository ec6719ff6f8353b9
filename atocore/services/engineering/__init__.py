"""The engineering layer: typed entities and relationships with provenance and revisions.

``ontology`` holds the tables (types, facts, allowed pairs); the ``entities``
package reads (``read``), writes (``write``) and takes entities through their
status steps (``lifecycle``, with conflict detection); ``relationships`` and
``conflicts`` do the same for their own kinds; the ``imports`` package mirrors
KB-CAD and KB-FEM exports; ``docs`` renders the reference pages from the
ontology.
"""
