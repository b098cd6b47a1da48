"""`python -m localize` works like the `localize` command."""

from .cli import main

main()
