"""``python -m wikikit``: the same command as the ``wikikit`` console script."""

from wikikit.cli import main

if __name__ == "__main__":
    main(prog_name="wikikit")
