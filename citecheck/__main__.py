"""`python -m citecheck`."""

import sys

from citecheck.cli import program

sys.exit(program())
