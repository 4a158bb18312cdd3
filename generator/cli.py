"""coachguide: check, render, build and serve a guide. Argument handling only; the work is elsewhere."""

from __future__ import annotations

import argparse
import logging
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.errors import ContentError, ContentErrors, report

EXIT_CODES = """exit status:
  0  done (check: the content is valid)
  1  content errors, a build that failed, or a refusal (one line each: path:line:column: ... or coachguide: ...)
  2  a usage error: an unknown command or option, a missing argument"""


def _common() -> argparse.ArgumentParser:
    """Options accepted before the command and after it: `coachguide -f x.yml build` = `coachguide build -f x.yml`.

    After the command they default to SUPPRESS, so an option given only before it is not overwritten."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-f", "--config-file", default=argparse.SUPPRESS, help="the site's mkdocs.yml (default: mkdocs.yml)"
    )
    loudness = common.add_mutually_exclusive_group()
    loudness.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="say more (debug)")
    loudness.add_argument(
        "-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="print only warnings and errors"
    )
    return common


# messages.SHIPPED, written out so `--help` imports nothing heavy; tests/test_messages.py keeps them equal.
STARTER_LANGUAGES = ("en", "de", "fr", "es")


def _parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="coachguide",
        description="Validate a coaching guide kept as YAML in content/ and build it into a Material for MkDocs site.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"coachguide {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            help=help,
            description=help,
            parents=[common],
            epilog=EXIT_CODES,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    check = command("check", "validate the content and print a summary; exit 1 on any error")
    check.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: a summary or error lines; json: one JSON object per error, nothing when all is well",
    )
    check.add_argument(
        "--strict", action="store_true", help="a setting this machine cannot meet (pdf: true, no browser) is an error"
    )
    render = command("render", "write the generated Markdown pages to OUT_DIR (for other engines)")
    render.add_argument("out_dir", metavar="OUT_DIR", type=Path)
    render.add_argument(
        "--config-out", type=Path, metavar="FILE", help="also write FILE, an mkdocs.yml for Zensical (see README)"
    )
    build = command("build", "validate, then build the site; a failed build leaves the old site")
    build.add_argument("--strict", action="store_true", help="treat MkDocs warnings as errors")
    build.add_argument("--site-dir", type=Path, help="where to write the site (default: site_dir of mkdocs.yml)")
    build.add_argument("--offline", action="store_true", help="build a site that works opened from file://")
    serve = command("serve", "preview the site, rebuilding on every edit")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="IP:PORT to serve on (default: %(default)s)")
    new = command("new", "create a small, valid, commented guide in DIR (new or empty)")
    new.add_argument("dir", metavar="DIR", type=Path)
    new.add_argument("--title", help="the guide's title (default: from DIR's name)")
    pdf = command("pdf", "print the guide's PDFs into SITE_DIR, a site already built (by MkDocs or Zensical)")
    pdf.add_argument("site_dir", metavar="SITE_DIR", type=Path)
    zip_ = command("zip", "pack SITE_DIR, a built site, into a zip (for an offline copy)")
    zip_.add_argument("site_dir", metavar="SITE_DIR", type=Path)
    zip_.add_argument("-o", "--output", type=Path, metavar="ZIP", help="the zip to write (default: SITE_DIR.zip)")
    new.add_argument(
        "--language",
        choices=STARTER_LANGUAGES,
        default="en",
        help="the language of the starter guide and of its interface (default: en)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    quiet = getattr(args, "quiet", False)
    level = logging.DEBUG if getattr(args, "verbose", False) else logging.WARNING if quiet else logging.INFO
    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=level, stream=sys.stderr, force=True)
    # Imported here so `coachguide --help` stays fast and free of MkDocs' start-up cost.
    from generator import commands, finish, zensical_export
    from generator.render import RenderError

    def say(line: str) -> None:
        if not quiet:
            print(line)

    config_file = Path(getattr(args, "config_file", "mkdocs.yml"))
    try:
        if args.command == "check":
            summary = commands.check(config_file, strict=args.strict)
            if args.format == "text":
                say(summary)
        elif args.command == "render":
            rendered = zensical_export.render(config_file, args.out_dir, config_out=args.config_out)
            say(f"wrote {len(rendered.pages)} pages to {args.out_dir}")
        elif args.command == "build":
            site = commands.build(config_file, strict=args.strict, site_dir=args.site_dir, offline=args.offline)
            say(f"built {site}")
        elif args.command == "serve":
            commands.serve(config_file, dev_addr=args.dev_addr)
        elif args.command == "new":
            commands.new(args.dir, title=args.title, language=args.language)
            say(f"created {args.dir}; preview it: {_shell_hint(args.dir)}")
        elif args.command == "pdf":
            printed = finish.print_site(config_file, args.site_dir)
            say(f"printed {len(printed)} PDFs into {args.site_dir}")
        elif args.command == "zip":
            say(f"wrote {finish.zip_site(args.site_dir, args.output)}")
    except ContentErrors as exc:
        if getattr(args, "format", "text") == "json":
            print(report(exc.errors, format="json"))
        else:
            print(exc, file=sys.stderr)
        return 1
    except (commands.CommandError, RenderError) as exc:
        _fail(args, config_file, str(exc).splitlines())
        return 1
    except OSError as exc:  # a folder that cannot be written, a full disk: the reason, not a traceback
        _fail(args, config_file, [_os_error(exc)])
        return 1
    return 0


def _shell_hint(folder: Path) -> str:
    """`cd FOLDER && coachguide serve`, quoted so that it runs as printed when pasted into a POSIX shell."""
    name = str(folder)
    if name.startswith("-"):  # `cd -x` would read the name as an option
        name = f"./{name}"
    return f"cd {shlex.quote(name)} && coachguide serve"


def _fail(args: argparse.Namespace, config_file: Path, lines: list[str]) -> None:
    """A failure that is not in the content, one line each: `coachguide: reason`, or JSON naming mkdocs.yml."""
    if getattr(args, "format", "text") == "json":
        print(report([ContentError(str(config_file), 1, 1, "", line) for line in lines], format="json"))
    else:
        print("\n".join(f"coachguide: {line}" for line in lines), file=sys.stderr)


def _os_error(exc: OSError) -> str:
    """`PATH: reason`, as the system names them (both paths for a failed rename)."""
    paths = " -> ".join(str(name) for name in (exc.filename, exc.filename2) if name is not None)
    reason = exc.strerror or str(exc)
    return f"{paths}: {reason}" if paths else reason
