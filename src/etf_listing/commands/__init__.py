"""Subcommands of ``etf-check`` (``etf-check NAME ...``), one module each; see ``cli.COMMANDS``."""
