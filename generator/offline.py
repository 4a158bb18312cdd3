"""The offline copy of a built site, made from the hosted build's files rather than by building the site again.

A hosted build (MkDocs' directory URLs) puts each page at `x/index.html` and links to it as `x/`, which a
server answers with the folder's index.html but file:// answers with a folder listing. The offline copy keeps
the layout and names the page: every relative link of a page that leads to a folder of the site holding an
index.html gets `index.html` added (`../x/` becomes `../x/index.html`, `..` becomes `../index.html`), in
the pages' HTML and in the search index's locations, and the index is also written as a script
(`search/search_index.js`, `var __index = ...`), which Material's bundle loads from file:// where it cannot
fetch JSON (as its offline plugin does). Each page loads the file:// worker shim in its head (hosted pages
go without it). Everything else (assets, schemas, scripts the build added) is
copied as it is; the files that exist only for the hosted site (the PDFs, the zip itself) are left out.

No MkDocs here: it reads and writes files of a built site. commands.py builds the pages whose Markdown
differs between the variants (the download links) and hands them over as `replace`.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator, Mapping, Sequence, Set
from pathlib import Path
from typing import Any

from generator.publish import MARKER
from generator.search import FIELD
from generator.search_worker import SHIM

# A link or resource in a tag's attributes, quoted as MkDocs, Python-Markdown and Material write them.
_URL_ATTRIBUTE = re.compile(r"""(\s(?:href|src|action)=)(?:"([^"]*)"|'([^']*)')""")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
INDEX_JS = "search/search_index.js"
INDEX_JSON = "search/search_index.json"


def folder_url(url: str, *, base: str, folders: Set[str]) -> str:
    """`url`, found in a file whose folder is `base` (site-relative, "" at the root), with `index.html` added
    when it is a relative link to one of `folders` (site-relative paths of the folders holding an index.html,
    "" for the site's root); any other URL as it is."""
    if not url or url[0] in "#?/" or _SCHEME.match(url):
        return url
    cut = min((i for i in (url.find("#"), url.find("?")) if i >= 0), default=len(url))
    path, rest = url[:cut], url[cut:]
    last = path.rsplit("/", 1)[-1]
    if path.endswith("/"):
        named = path + "index.html"
    elif last in {".", ".."}:
        named = path + "/index.html"
    else:
        return url
    target = posixpath.normpath(posixpath.join(base, path))
    target = "" if target == "." else target
    if target.startswith("../") or target == ".." or target not in folders:
        return url
    return named + rest


def rewrite_page(html: str, *, path: str, folders: Set[str], shim: bool = False) -> str:
    """The page at site path `path` with its links to the site's folders naming their index.html, and with
    `shim`, the file:// worker shim (search_worker.SHIM) loaded in its head, before Material's bundle starts
    its search worker, unless the page loads it already."""
    base = posixpath.dirname(path)
    shim_src = posixpath.relpath(SHIM, base or ".")
    if shim and f'src="{shim_src}"' not in html:
        html = html.replace("</head>", f'<script src="{shim_src}"></script></head>', 1)

    def one(match: re.Match[str]) -> str:
        quoted = match[2] if match[2] is not None else match[3]
        quote = '"' if match[2] is not None else "'"
        new = folder_url(quoted, base=base, folders=folders)
        return match[0] if new == quoted else f"{match[1]}{quote}{new}{quote}"

    return _URL_ATTRIBUTE.sub(one, html)


def rewrite_index(text: str, *, folders: Set[str]) -> str:
    """Material's search index with each location (relative to the site's root) naming its page's file."""
    index = json.loads(text)
    for doc in index.get("docs", []):
        location = doc.get("location")
        if isinstance(location, str):
            doc["location"] = (
                "index.html" + location if location[:1] in {"", "#"} else folder_url(location, base="", folders=folders)
            )
    return json.dumps(index, separators=(",", ":"))


def replace_entries(text: str, entries: Sequence[dict[str, Any]]) -> str:
    """The search index `text` with the entries of the pages that `entries` index (the pages' entries in the
    offline variant) replaced by them, in the place of each page's first entry. The words the guide added to
    an entry (search.FIELD) stay with its location."""
    index = json.loads(text)
    added = {doc["location"]: doc[FIELD] for doc in index["docs"] if FIELD in doc}
    new: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        entry = dict(entry)
        if entry["location"] in added:
            entry[FIELD] = added[entry["location"]]
        new.setdefault(entry["location"].partition("#")[0], []).append(entry)
    pages = set(new)
    docs = []
    for doc in index["docs"]:
        page = doc["location"].partition("#")[0]
        if page in pages:
            docs += new.pop(page, [])
        else:
            docs.append(doc)
    index["docs"] = docs
    return json.dumps(index, separators=(",", ":"))


def offline_files(
    site_dir: Path, *, replace: Mapping[str, bytes] | None = None, leave_out: Set[str] = frozenset()
) -> Iterator[tuple[str, bytes]]:
    """The offline copy of the built site in `site_dir`, as (site path, bytes) in the order of the paths.

    `replace`: pages (by site path) to take instead of the built ones, such as the offline variant's pages
    whose download links differ. `leave_out`: site paths not to copy (the PDFs, the zip).
    """
    replace = replace or {}
    files = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file() and p.name != MARKER)
    paths = [path for path in files if path not in leave_out]
    folders = {posixpath.dirname(path) for path in paths if posixpath.basename(path) == "index.html"}
    shim = SHIM in paths
    for path in paths:
        if path == INDEX_JS and INDEX_JSON in paths:
            continue  # written from the JSON, below
        data = replace[path] if path in replace else (site_dir / path).read_bytes()
        if path.endswith(".html"):
            data = rewrite_page(data.decode("utf-8"), path=path, folders=folders, shim=shim).encode("utf-8")
        elif path == INDEX_JSON:
            text = rewrite_index(data.decode("utf-8"), folders=folders)
            yield INDEX_JS, f"var __index = {text}".encode()
            data = text.encode("utf-8")
        yield path, data


def write_folder(files: Iterator[tuple[str, bytes]], folder: Path) -> None:
    """Write the files into `folder`, which exists."""
    for path, data in files:
        out = folder / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
