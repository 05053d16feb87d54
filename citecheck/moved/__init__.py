"""moved stage: the new address of a dead page, found without a search engine."""

from citecheck.moved.finder import MovedFinder
from citecheck.moved.interface import ArchiveIndex, Verification

__all__ = ["ArchiveIndex", "MovedFinder", "Verification"]
