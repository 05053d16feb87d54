"""citecheck: verify web citations, their archived copies and their titles."""

from citecheck._version import __version__

__all__ = ["__version__"]
