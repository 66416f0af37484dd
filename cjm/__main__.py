"""`python -m cjm`."""

from cjm.cli import main

if __name__ == "__main__":  # not when a worker process imports it
    main()
