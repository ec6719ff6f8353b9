"""The Human Mirror: every project's reviewed knowledge as readable pages, derived only.

Per registered project, under ``<data dir>/mirror/<project>/``: ``index.md``,
``overview.md`` (subsystem tree, decisions, requirements with coverage,
claims with support, open conflicts, recent changes), ``decisions.md`` (the
decision log with history and a dependency diagram) and one
``subsystems/<key>.md`` per active subsystem. The pages are never a source
of truth: each starts with a do-not-edit banner, its generation time and
the checksum of its inputs, and is rewritten only when those inputs change.

- ``facts``: what a page shows, read only through the engineering query
  catalog and the trusted-state service;
- ``diagrams``: the Mermaid diagrams and how large graphs are cut;
- ``render``: page contexts, Jinja2 templates (``templates/``), banner, checksum;
- ``store``: the files;
- ``service``: regenerate, read, record the outcome (MirrorStatus);
- ``worker``: the debounced background regeneration and the daily pass;
- ``html``: the browser view of a page.

See docs/architecture/human-mirror.md.
"""
