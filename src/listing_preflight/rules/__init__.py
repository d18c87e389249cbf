"""Built-in rules. Importing a module registers its rules (explicit list, greppable)."""

from . import catalog, image, price, title  # noqa: F401
