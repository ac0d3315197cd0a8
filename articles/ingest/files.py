"""The files under the paths ``manage.py ingest`` is given: folders walked in name order, hidden files
skipped; a path that cannot be read is reported, not raised."""

import os
from pathlib import Path


def walk(paths):
    """(path, None) for each file in ``paths`` and the folders in it, or (path, error)."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from files_in(path)
        elif not path.exists():
            yield path, f"there is no file or folder at {path}"
        elif not path.is_file():
            yield path, "this is not a regular file"
        else:
            yield path, None


def files_in(folder):
    """(path, None) for each file under ``folder``, or (path, error) where a folder cannot be read.

    Hidden files and folders are skipped, and so are links to folders, which could lead back up.
    """
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        yield folder, f"the folder cannot be read: {error.strerror or error}"
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from files_in(Path(entry.path))
        elif not entry.is_dir():
            yield Path(entry.path), None
