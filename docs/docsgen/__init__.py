"""What the documentation build generates and checks (used by ``docs/hooks.py`` and the tests).

One module per job: ``examples`` runs every fenced example of a page and compares its output,
``cli_reference`` writes the CLI page from the argparse parser, ``api_pages`` lists the modules of
the API reference, ``example_plugins`` makes the plugins under ``docs/examples/`` discoverable
during the build, ``generated`` holds the page markers (data contract, codes, includes, parses),
``search_terms`` teaches the Chinese word segmenter the project's terms.
"""

from pathlib import Path

#: The repository's root (``docs/`` is one level below).
ROOT = Path(__file__).resolve().parents[2]
