"""``python -m seribu_planner``: the same as the ``seribu-plan`` command."""

from seribu_planner.cli import main

if __name__ == "__main__":
    main()
