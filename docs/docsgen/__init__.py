"""What the documentation build generates and checks (used by ``docs/hooks.py`` and the tests).

One module per job: ``examples`` runs every fenced example of a page and compares its output,
``cli_reference`` writes the CLI page from the argparse parser, ``api_pages`` lists the modules of
the API reference, ``example_plugins`` makes the plugins under ``docs/examples/`` discoverable
during the build, ``generated`` holds the page markers (data contract, codes, includes, parses),
``chinese_search`` checks the Chinese word segmenter the search index needs, ``search_probe.js``
asks a built site's search for terms (CI), ``griffe_forward_refs`` tidies NamedTuple field types,
``griffe_sphinx_roles`` shows Sphinx roles left in docstrings as cross-references.
"""

from pathlib import Path

#: The repository's root (``docs/`` is one level below).
ROOT = Path(__file__).resolve().parents[2]
