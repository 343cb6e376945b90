"""Subcommands of the ``plotpress`` CLI beyond ``validate``, one module each."""
