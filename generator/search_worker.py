"""The search worker every build ships: Material's worker behind the guide's wrapper, and the same as one text
for pages opened from file:// (README, "Search").

- WORKER, beside Material's worker: generator/assets/search-worker.js, which imports Material's worker by name
  and weighs the words typed. Pages name it instead of Material's worker in their `__config`.
- SOURCE: `__cgSearchWorker = "..."`, the whole worker as one string (the lunr language files Material would
  import, Material's worker, the wrapper), which iframe-worker.js loads from file:// to start a worker from a
  blob. Hosted pages never load it; it is there so an offline copy can be made of any build.

No MkDocs imports: the plugin hands in the texts of Material's files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable

from generator.resources import asset_text

WORKER = "assets/javascripts/workers/coachguide-search.js"
SOURCE = "assets/coachguide/search-worker-source.js"
SHIM = "assets/coachguide/iframe-worker.js"
MATERIAL_WORKER = re.compile(r"^assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$")
LUNR = "assets/javascripts/lunr/"
_PLACEHOLDER = "__CG_MATERIAL_WORKER__"
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)


def lunr_files(languages: Iterable[str]) -> list[str]:
    """The lunr files Material's worker imports for these search languages (its setupSearchLanguages)."""
    langs = list(languages)
    scripts: list[str] = []
    for lang in langs:
        if lang == "ja":
            scripts.append("tinyseg.js")
        elif lang in {"hi", "th"}:
            scripts.append("wordcut.js")
        if lang != "en":
            scripts.append(f"min/lunr.{lang}.min.js")
    if len(langs) > 1:
        scripts.append("min/lunr.multi.min.js")
    return ["min/lunr.stemmer.support.min.js", *scripts] if scripts else []


def wrapper(material_name: str) -> str:
    """search-worker.js, naming Material's worker (a file beside it)."""
    return asset_text("search-worker.js").replace(_PLACEHOLDER, material_name)


def blob_source(material: str, languages: dict[str, str]) -> str:
    """The script iframe-worker.js loads from file://: the whole worker, as one string.

    `languages` maps each lunr file Material would import (as lunr_files names it) to its text. A worker
    started from a blob cannot import files, so Material's importScripts calls find them here by file name."""
    table = ",\n".join(
        f"{json.dumps(name.rsplit('/', 1)[-1])}: function () {{\n{text}\n}}" for name, text in languages.items()
    )
    worker = "\n".join(
        [
            f"self.__cgLunr = {{\n{table}\n}};",
            "self.importScripts = (function (native) {",
            "  return function () {",
            "    for (var i = 0; i < arguments.length; i++) {",
            '      var name = String(arguments[i]).split("/").pop();',
            "      if (self.__cgLunr[name]) self.__cgLunr[name].call(self); else native.call(self, arguments[i]);",
            "    }",
            "  };",
            "})(self.importScripts);",
            f"self.__cgMaterial = function () {{\n{material}\n}};",
            wrapper("unused: Material's worker is inlined above"),
        ]
    )
    return f"window.__cgSearchWorker = {json.dumps(worker)};\n"


def point_at_wrapper(html: str, material_name: str) -> str:
    """The page with its `__config` naming the guide's worker instead of Material's (same folder)."""
    wrapper_name = WORKER.rsplit("/", 1)[-1]

    def swap(match: re.Match[str]) -> str:
        return match[1] + match[2].replace(f'/{material_name}"', f'/{wrapper_name}"') + match[3]

    return _CONFIG.sub(swap, html, count=1)


def worker_files(material_path: str, read: Callable[[str], str], languages: Iterable[str]) -> dict[str, str]:
    """WORKER and SOURCE, from Material's worker at `material_path` and the files `read` returns (by path)."""
    name = material_path.rsplit("/", 1)[-1]
    langs = {path: read(LUNR + path) for path in lunr_files(languages)}
    return {WORKER: wrapper(name), SOURCE: blob_source(read(material_path), langs)}
