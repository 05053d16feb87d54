"""The command line, one module per command (see :mod:`citecheck.cli.app`).

``program`` is the ``citecheck`` entry point; ``main`` runs a command line in any
process (tests, embedding programs).
"""

from citecheck.cli.app import main, program

__all__ = ["main", "program"]
