"""Imported only by the forkserver (its preload list): the forkserver dies with `preflight`."""

from .orphans import die_with_parent

die_with_parent()
