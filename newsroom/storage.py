"""Static files storage for production: compressed, hashed names, and JS module imports rewritten.

Without the rewrite, ``reader.js`` would import ``./api.js`` by its plain name while the page preloads
the hashed one: each module fetched twice, and the plain name cached only briefly.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
