"""`coachguide pdf SITE_DIR` and `coachguide zip SITE_DIR`: the PDFs and the offline zip for a site that is
already built, by any engine (MkDocs, or Zensical from `coachguide render` output).

Neither writes over a file it did not make: in a site folder a build of ours made (it has publish.MARKER)
anything may be replaced; elsewhere a PDF may replace only nothing, an empty placeholder (`render` leaves
one where each PDF goes, so the pages' links resolve) or a PDF this command wrote before, as its record in
the folder says; a zip may replace only a zip this command wrote (its comment says so).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path, PurePosixPath

from generator import commands, publish
from generator.pdf import PdfError, print_to_pdf
from generator.render import Downloads

RECORD = "downloads/.coachguide-pdfs.json"  # what `coachguide pdf` wrote into a folder it did not make
ZIP_COMMENT = publish.ZIP_COMMENT


def print_site(config_file: Path, site_dir: Path) -> list[str]:
    """Print the guide's PDFs from the built site in `site_dir` into it; return their site paths."""
    project, config = commands.open_project(config_file)
    if not (site_dir / "index.html").is_file():
        raise commands.CommandError(f"{site_dir}: not a built site (no index.html); build the site first")
    site = project.site(Downloads(pdf=True, papers=project.papers))
    jobs = [(_built_page(site_dir, page), target, paper) for page, target, paper in site.pdfs]
    record = _read_record(site_dir)
    if not publish.is_ours(site_dir):
        for _, target, _ in jobs:
            _refuse_unless_replaceable(site_dir, target, record)
    try:
        print_to_pdf(site_dir, jobs, site_url=config.site_url, browser=project.browser)
    except PdfError as exc:
        raise commands.CommandError(str(exc)) from None
    if not publish.is_ours(site_dir):
        record |= {target: _digest(site_dir / target) for _, target, _ in jobs}
        (site_dir / RECORD).write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return [target for _, target, _ in jobs]


def _built_page(site_dir: Path, page: str) -> str:
    """Where the page made from `page` (print/guide.md) is in the built site, with or without directory URLs."""
    path = PurePosixPath(page).with_suffix("")
    candidates = [f"{path}.html"] if path.name == "index" else [f"{path}/index.html", f"{path}.html"]
    for candidate in candidates:
        if (site_dir / candidate).is_file():
            return candidate
    raise commands.CommandError(
        f"{site_dir / candidates[0]}: not in the site; build it from this guide (coachguide render) first"
    )


def _refuse_unless_replaceable(site_dir: Path, target: str, record: dict[str, str]) -> None:
    path = site_dir / target
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise commands.CommandError(f"{path}: not a file; it was left as it is")
    if path.exists() and path.stat().st_size and record.get(target) != _digest(path):
        raise commands.CommandError(
            f"{path}: this file was not made by coachguide pdf; it was left as it is; remove it yourself to print"
        )


def _read_record(site_dir: Path) -> dict[str, str]:
    path = site_dir / RECORD
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in record.items()} if isinstance(record, dict) else {}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def zip_site(site_dir: Path, out: Path | None = None) -> Path:
    """Write the built site in `site_dir` as a zip (default: SITE_DIR.zip beside it); return the zip's path.

    The files sit in the zip under a folder named as the zip is (guide-offline.zip holds guide-offline/).
    """
    if not (site_dir / "index.html").is_file():
        raise commands.CommandError(f"{site_dir}: not a built site (no index.html); build the site first")
    out = out or site_dir.with_name(f"{site_dir.resolve().name}.zip")
    resolved = out.resolve()
    if resolved.is_relative_to(site_dir.resolve()):
        raise commands.CommandError(f"{out}: inside the folder it zips; choose another --output")
    if resolved.is_dir():
        raise commands.CommandError(f"{out}: this is a folder; --output names a zip file")
    if resolved.exists() and not _is_our_zip(resolved):
        raise commands.CommandError(
            f"{out}: this file was not made by coachguide zip; it was left as it is; choose another --output"
        )
    data = publish.zip_folder(site_dir, resolved.name.removesuffix(".zip"))
    publish.write_whole(resolved, data)
    return out


def _is_our_zip(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.comment == ZIP_COMMENT
    except (OSError, zipfile.BadZipFile):
        return False
