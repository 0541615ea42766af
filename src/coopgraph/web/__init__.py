"""The web workspace (``coopgraph serve``): a Django application for CRPV
staff and the national team, on the embedded data files or on Neo4j.

* :mod:`~coopgraph.web.settings`: Django configured in code (SQLite for
  accounts, sessions, throttling and the audit log under a state directory);
* :mod:`~coopgraph.web.scope`: what an account may see and change;
* :mod:`~coopgraph.web.workspace`: the shared dataset and its analyses;
* :mod:`~coopgraph.web.views`: the pages, downloads and queries;
* :mod:`~coopgraph.web.accounts`: ``coopgraph users`` (add, list, remove,
  passwd), every change audited.

Authentication, sessions, password hashing, CSRF protection and forms are
Django's own; failed logins are throttled by django-axes.
"""
