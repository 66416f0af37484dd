"""`python -m cjm`."""

from cjm.cli import main

main()
