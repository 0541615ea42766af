"""CLI commands grouped by capability; each module registers its commands on
``coopgraph.cli.cli`` when imported (``coopgraph.cli`` imports them all)."""
