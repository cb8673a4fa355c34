"""``python -m wikikit``: the same command as the ``wikikit`` console script."""

from wikikit.cli import run

if __name__ == "__main__":
    run()
