"""The command line: `hvdesk [--connect URI]… [--console VM | --new [FILE]]`."""

from __future__ import annotations

import argparse
import os
import sys

from hvdesk import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hvdesk",
        description="Manage QEMU virtual machines on your desktop, through libvirt.",
        epilog="Without --connect, hvdesk opens the saved connections; the first time, the "
        "built-in one (qemu:///embed, no libvirt daemon needed).",
    )
    parser.add_argument("--version", action="version", version=f"hvdesk {__version__}")
    parser.add_argument(
        "-c",
        "--connect",
        metavar="URI",
        action="append",
        default=[],
        help="open this libvirt connection instead of the saved ones (repeatable), "
        "e.g. qemu:///system, qemu+ssh://user@host/system, test:///default",
    )
    parser.add_argument(
        "--console",
        metavar="VM",
        help="open this VM's console window (by name or UUID) once the connections are "
        "loaded, instead of the manager window",
    )
    parser.add_argument(
        "--new",
        metavar="FILE",
        nargs="?",
        const="",
        help="open the New-VM wizard, pre-filled with FILE (an installer ISO or a disk image)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    from hvdesk.core.errors import HvdeskError
    from hvdesk.core.uris import validate_uri

    for uri in args.connect:
        try:
            validate_uri(uri)
        except HvdeskError as exc:
            print(f"hvdesk: {exc.sentence()}", file=sys.stderr)
            return 2
    if args.new and not os.access(args.new, os.R_OK):
        print(
            f"hvdesk: Cannot read '{args.new}'. Check the path and its permissions.",
            file=sys.stderr,
        )
        return 2
    if not any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        print(
            "hvdesk: no graphical session was found (neither DISPLAY nor WAYLAND_DISPLAY is "
            "set). Start hvdesk from your desktop, or set QT_QPA_PLATFORM.",
            file=sys.stderr,
        )
        return 1
    from hvdesk.app import run

    return run(args.connect, console=args.console, new_vm=args.new)
