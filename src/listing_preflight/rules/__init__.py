"""Built-in rules. Importing a module registers its rules (explicit list, greppable)."""

from . import (  # noqa: F401
    catalog,
    compliance,
    description,
    image,
    price,
    price_invalid,
    similarity,
    terms,
    title,
    title_style,
)
