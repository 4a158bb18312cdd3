"""JSON Schemas for the content files, generated from the model, so editors complete and check the YAML.

The committed files in `generator/schemas/` are rewritten by `python -m generator.schemas`; a test fails when
they fall out of step with the model. `python -m generator.schemas DIR` writes them to another folder.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.model import GuideFile, Page, PrepSheet, QuestionBank, SourcesFile, Step, Template

SCHEMAS_DIR = Path(__file__).parent / "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
# Each schema's `$id`: a name, not an address, so it stays the same wherever the files are copied (a new
# guide's `schemas/`, a site's `/schemas/`) and no validator tries to fetch it. Only `#/$defs/...` refs are
# used, and they resolve inside the same file whatever its `$id`.
ID_PREFIX = "urn:coachguide:schema:"

# File name -> (model, the content files it describes). The names are the ones content files point at in
# their first line, `# yaml-language-server: $schema=...` (the YAML language server's modeline).
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "guide.schema.json": (GuideFile, "content/guide.yml"),
    "step.schema.json": (Step, "content/steps/*.yml"),
    "page.schema.json": (Page, "content/pages/*.yml"),
    "question-bank.schema.json": (QuestionBank, "content/questions/*.yml"),
    "template.schema.json": (Template, "content/outreach/*.yml"),
    "prep-sheet.schema.json": (PrepSheet, "content/prep-sheets/*.yml"),
    "sources.schema.json": (SourcesFile, "content/sources/*.yml"),
}


def schema(name: str, model: type[BaseModel], files: str) -> dict[str, Any]:
    """The model's validation schema with the dialect and its `$id` named, as editors expect at the top."""
    body = model.model_json_schema(mode="validation")
    body.setdefault("description", f"A coachguide content file ({files}).")
    return {
        "$schema": DIALECT,
        "$id": ID_PREFIX + name.removesuffix(".schema.json"),
        "$comment": f"Generated from generator.model for {files}; do not edit.",
        **body,
    }


def schema_texts() -> dict[str, str]:
    """Every schema file's text, keyed by file name: stable (sorted keys) so regenerating changes nothing."""
    return {
        name: json.dumps(schema(name, model, files), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        for name, (model, files) in SCHEMAS.items()
    }


def write_schemas(out_dir: Path) -> list[Path]:
    """Write every schema into `out_dir`; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(out_dir: Path = SCHEMAS_DIR) -> list[str]:
    """The names of the schema files in `out_dir` that are missing or differ from the model."""
    stale = []
    for name, text in schema_texts().items():
        path = out_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator.schemas", description="Write the content files' JSON Schemas from the model."
    )
    parser.add_argument("out_dir", nargs="?", type=Path, default=SCHEMAS_DIR, help="default: %(default)s")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a schema is out of date")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_schemas(args.out_dir)
        # The command to run, quoted for a shell: the folder's name may hold spaces or quotes.
        fix = "python -m generator.schemas" + (
            "" if args.out_dir == SCHEMAS_DIR else f" {shlex.quote(str(args.out_dir))}"
        )
        for name in stale:
            print(f"{args.out_dir / name}: out of date; run {fix}", file=sys.stderr)
        return 1 if stale else 0
    for path in write_schemas(args.out_dir):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
