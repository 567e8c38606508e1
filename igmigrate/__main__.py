"""Allow `python -m igmigrate`."""

from igmigrate.cli import main

main()
