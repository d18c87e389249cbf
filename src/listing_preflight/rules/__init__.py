"""Built-in rules. Importing a module registers its rules (explicit list, greppable)."""

from . import catalog, compliance, description, image, price, similarity, terms, title  # noqa: F401
