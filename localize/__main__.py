"""`python -m localize` works like the `localize` command."""

from .cli import main

# Guarded: a Dask LocalCluster (`--workers`) spawns its worker processes, which import the main
# module again under another name; they must not start a second run.
if __name__ == "__main__":
    main()
