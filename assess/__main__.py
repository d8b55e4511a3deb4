"""Allow ``python -m assess``."""

from .cli.app import main

main()
