"""pytest collects doctests from the package: the modules that need Django
configured first (models, views, URLs, migrations) are imported by the web
tests instead (``tests/test_web.py``), after ``settings.configure``."""

collect_ignore = [
    "accounts.py",
    "intake_views.py",
    "planner_views.py",
    "models.py",
    "urls.py",
    "views.py",
    "migrations",
]
