"""The command line, one module per command (see :mod:`citecheck.cli.app`).

``main`` is the ``citecheck`` entry point.
"""

from citecheck.cli.app import main

__all__ = ["main"]
