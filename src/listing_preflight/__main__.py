"""`python -m listing_preflight` runs the CLI."""

from .cli import main

main()
