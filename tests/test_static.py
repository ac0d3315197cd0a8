"""Static files in production: hashed names, and the reading view's modules importing hashed names."""

import re

from django.core.management import call_command


def test_collected_modules_import_each_other_by_hashed_name(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "newsroom.storage.StaticFilesStorage"}
    }
    call_command("collectstatic", interactive=False, verbosity=0)

    [reader] = [
        path
        for path in (tmp_path / "js").glob("reader.*.js")
        if re.fullmatch(r"reader\.\w{12}\.js", path.name)
    ]
    imports = re.findall(r'from "\./([^"]+)"', reader.read_text())
    assert imports
    for name in imports:
        assert re.fullmatch(r"\w+\.\w{12}\.js", name), name
        assert (tmp_path / "js" / name).exists()
