"""Date formats of the workspace's pages (Django's ``FORMAT_MODULE_PATH``):
Django always applies the locale's formats over the ``DATE_FORMAT``
setting, so ISO dates on every page, in both languages (as the reports
print them), need a format module of their own."""
