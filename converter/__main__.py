"""`python -m converter` runs the same CLI as `xbrl-export`."""
from .cli import main

main()
