"""What `coachguide serve` keeps between rebuilds, so that saving one content file rebuilds only its pages.

MkDocs' dirty build (`mkdocs serve --dirty`, which `coachguide serve` runs) reads and writes only the pages
whose source is newer than their HTML. The generated pages get sources on disk that are rewritten only when
their Markdown changes; the pages not rebuilt keep, for the navigation of the others, the title and front
matter of the last build; and the search index keeps their entries. When anything that every page shows
changes (the navigation, the list of pages, the guide's settings, a hand-written page) every page is rebuilt.

The edited file's own pages come first: the other pages an edit changes (the lists of every question, the
printable guide, which take most of a rebuild of a large guide) are rebuilt by a second build straight after,
which a file in a watched folder sets off.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

Entry = dict[str, Any]


def _page_of(entry: Entry) -> str:
    return str(entry["location"]).split("#", 1)[0]


def _location(url: str) -> str:
    """A page's URL as search locations give it: the home page's `./` is empty there (Material's index)."""
    return "" if url == "./" else url


class Preview:
    """State across the rebuilds of one `coachguide serve`; `close` removes its folder."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="coachguide-preview-"))
        self._written: dict[str, str] = {}  # docs-relative path -> Markdown in the source file
        self._shape: str | None = None
        self._seen: dict[str, tuple[dict[str, Any], str | None]] = {}  # src_uri -> (meta, title) when last built
        self.rebuilt: list[str] = []  # URLs of the pages built in this build, in order
        self._search_as_written: list[Entry] | None = None  # Material's index as it last wrote it
        self._search: list[Entry] | None = None  # the whole index as the last build should have it
        self.later: dict[str, str] = {}  # pages whose new Markdown waits for the next build
        self._started: float | None = None  # when the last build began
        self.trigger = self.folder / ".next"  # watched: a change here sets off the next build
        self.trigger.mkdir()

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def plan(self, pages: dict[str, str], *, origins: dict[str, Path]) -> None:
        """Of the pages whose Markdown changed, keep for the next build those not made from a file edited
        since the last build began, provided some are (an edit to a template changes pages of every file).

        `origins`: the content file each page is made from."""
        started, since = time.time(), self._started
        self._started = started
        self.later = {}
        if since is None:
            return
        changed = [path for path, markdown in pages.items() if self._written.get(path, markdown) != markdown]
        own = {path for path in changed if origins[path].stat().st_mtime >= since}
        if own:
            self.later = {path: pages[path] for path in changed if path not in own}

    def source(self, path: str, markdown: str) -> str:
        """The file a generated page is read from; rewritten only when its Markdown changed (MkDocs then
        compares its time with the built page's)."""
        target = self.folder / path
        if path in self.later and target.exists():
            return str(target)
        if self._written.get(path) != markdown:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(markdown, encoding="utf-8")
            self._written[path] = markdown
        return str(target)

    def start(self, pages: Sequence[Any], *, shape: Iterable[str]) -> None:
        """Before MkDocs reads the pages: decide which are rebuilt; restore what the others showed.

        `pages` are MkDocs' documentation files; `shape` what every page shows (navigation, settings).
        """
        self.rebuilt = []
        digest = hashlib.sha256("\n".join([*shape, *(f.src_uri for f in pages)]).encode()).hexdigest()
        hand_written_edited = any(f.generated_by is None and f.is_modified() for f in pages)
        everything = digest != self._shape or hand_written_edited or any(f.src_uri not in self._seen for f in pages)
        self._shape = digest
        if everything:
            self.flush()
        for file in pages:
            if everything:
                # The HTML is the build's own output in MkDocs' serve folder: dated back, it is older than
                # its source, so MkDocs builds the page again.
                if os.path.exists(file.abs_dest_path):
                    os.utime(file.abs_dest_path, (0, 0))
            elif not file.is_modified():
                meta, title = self._seen[file.src_uri]
                file.page.meta = dict(meta)
                file.page.title = title

    def flush(self) -> bool:
        """Write the pages kept for later, for the next build to rebuild; True if there were any."""
        later, self.later = self.later, {}
        for path, markdown in later.items():
            self.source(path, markdown)
        return bool(later)

    def after_build(self) -> None:
        """Write the pages kept for later and set off the next build (MkDocs' server watches `trigger`)."""
        if self.flush():
            (self.trigger / "build").write_text(str(time.time_ns()), encoding="utf-8")

    def built(self, page: Any) -> None:
        """A page was built in this build (MkDocs' on_page_context): remember what the others show of it."""
        self._seen[page.file.src_uri] = (dict(page.meta), page.title)
        self.rebuilt.append(_location(page.url))

    def search_entries(self, written: list[Entry], *, order: Sequence[str]) -> list[Entry]:
        """The whole search index, given the entries Material wrote after a dirty build and the URLs of
        every page in the site's order.

        Under a dirty build Material keeps its last entries, less those of the first page it indexes anew,
        and appends the entries of the pages it built; the entries of the other rebuilt pages would be there
        twice. Here each page's entries come from its latest build, in the order a full build writes them.
        """
        new = written
        if self._search_as_written is not None:
            new = []
            for first in dict.fromkeys(self.rebuilt):  # the first rebuilt page that has entries
                kept = [e for e in self._search_as_written if not str(e["location"]).startswith(first)]
                rest = written[len(kept) :]
                if written[: len(kept)] == kept and rest and _page_of(rest[0]) == first:
                    new = rest
                    break
        self._search_as_written = written
        rebuilt = set(self.rebuilt)
        by_page: dict[str, list[Entry]] = {}
        for entry in self._search or []:
            if _page_of(entry) not in rebuilt:
                by_page.setdefault(_page_of(entry), []).append(entry)
        for entry in new:
            by_page.setdefault(_page_of(entry), []).append(entry)
        self._search = [entry for url in order for entry in by_page.get(_location(url), [])]
        return self._search
