"""Make the plugins under ``docs/examples/`` discoverable while the site is built.

The pages about plugins parse sample reports with the example plugins, exactly as a user who
ran ``pip install docs/examples/<plugin>`` would. A clean ``pip install -e '.[docs]'`` does
not install them (a path dependency cannot go into a wheel's metadata), so the build does what
an editable install does: it puts each plugin's source folder on the import path and writes a
``*.dist-info`` folder with its entry points into a temporary folder on the path, for this
process and (through ``PYTHONPATH``) for the commands the pages run. A plugin that is already
installed is left alone.
"""

from __future__ import annotations

import os
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from . import ROOT

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef,import-not-found,unused-ignore]

EXAMPLES = ROOT / "docs" / "examples"


def _installed(name: str) -> bool:
    try:
        metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return False
    return True


def _dist_info(project: dict[str, object], into: Path) -> None:
    """Write the metadata an installer would: a name, a version and the entry points."""
    name, version = str(project["name"]), str(project["version"])
    folder = into / f"{name.replace('-', '_')}-{version}.dist-info"
    folder.mkdir(parents=True)
    (folder / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8")
    groups = project.get("entry-points", {})
    assert isinstance(groups, dict)
    lines = []
    for group, points in groups.items():
        lines.append(f"[{group}]")
        lines += [f"{key} = {value}" for key, value in points.items()]
    (folder / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_discoverable() -> list[str]:
    """Put every example plugin that is not installed on the path; returns the folders added.

    Idempotent within a process: a second call adds nothing while the folders the first one
    added are still on the path (a caller that gave ``sys.path`` back gets them again)."""
    marker = os.environ.get("GOVREPORT_DOCS_PLUGIN_PATH")
    if marker == "installed" or (marker and all(folder in sys.path for folder in marker.split(os.pathsep))):
        return []
    added: list[str] = []
    meta_dir = Path(tempfile.mkdtemp(prefix="govreport-docs-plugins-"))
    for pyproject in sorted(EXAMPLES.glob("*/pyproject.toml")):
        project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
        if _installed(project["name"]):
            continue
        _dist_info(project, meta_dir)
        added.append(str(pyproject.parent))
    if added:
        added.append(str(meta_dir))
        sys.path[:0] = added
        os.environ["PYTHONPATH"] = os.pathsep.join([*added, *filter(None, [os.environ.get("PYTHONPATH")])])
    os.environ["GOVREPORT_DOCS_PLUGIN_PATH"] = os.pathsep.join(added) or "installed"
    return added
