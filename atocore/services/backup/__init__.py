"""Backups of the whole graph: create, list, validate, restore, prune, and the schedule.

``create`` (logical backups and their listing), ``restore``, ``offline``
(Neo4j's own dump of the local server), ``retention``, ``schedule``; the
format lives in ``manifest``, ``files``, ``codec`` and ``crypto``, and the
one consistent read of a graph in ``scan``. docs/operations/backup-restore.md
describes the procedure and the format.
"""
