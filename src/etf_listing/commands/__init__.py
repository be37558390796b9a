"""Subcommands of ``etf-check`` (see ``etf_listing.cli.COMMANDS``)."""
