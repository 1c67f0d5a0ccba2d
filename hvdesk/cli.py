"""The command line: `hvdesk [--connect URI]… [--start VM [--headless] | --console VM |
--settings VM | --new [FILE] | --list | FILE]`.

A request goes to the hvdesk already running for this user when there is one (see
single_instance.py); `--list` and `--start --headless` otherwise run without any window.
Qt is imported only after the arguments are checked.
"""

from __future__ import annotations

import argparse
import os
import sys

from hvdesk import __version__
from hvdesk.single_instance import Request, UnsafeFolder, hand_off

EPILOG = """\
Without --connect, hvdesk opens the saved connections; the first time, the built-in one
(qemu:///embed, no libvirt daemon needed). When hvdesk is already running, the request is
handed to it and this command exits.

--list prints one line per VM, tab-separated: name, state (running, shutoff, paused,
saved, shutting-down, crashed, suspended, unknown), UUID, connection URI.

Exit codes:
  0  done
  1  libvirt, the connection or the VM action failed
  2  the command line is wrong (or a name matches VMs on several connections)
  3  no VM has that name or UUID
Messages go to standard error as sentences.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hvdesk",
        description="Manage QEMU virtual machines on your desktop, through libvirt.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
    what = parser.add_mutually_exclusive_group()
    what.add_argument(
        "--start",
        metavar="VM",
        help="start this VM (by name or UUID) and show its console",
    )
    what.add_argument(
        "--console",
        metavar="VM",
        help="open this VM's console window (by name or UUID) once the connections are "
        "loaded, instead of the manager window",
    )
    what.add_argument(
        "--settings",
        metavar="VM",
        help="show this VM (by name or UUID) in the manager window, with its settings",
    )
    what.add_argument(
        "--new",
        metavar="FILE",
        nargs="?",
        const="",
        help="open the New-VM wizard, pre-filled with FILE (an installer ISO or a disk image)",
    )
    what.add_argument(
        "--list",
        action="store_true",
        help="print the VMs and their states, without a window, and exit",
    )
    what.add_argument(
        "--install-desktop",
        action="store_true",
        help="put hvdesk in your applications menu and file associations "
        "($XDG_DATA_HOME), then exit",
    )
    what.add_argument(
        "--uninstall-desktop",
        action="store_true",
        help="remove what --install-desktop put there, then exit",
    )
    parser.add_argument(
        "--headless",
        action="store_true",
        help="with --start: start the VM without any window and exit once it runs",
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        help="an ISO or disk image to make a new VM from (as --new FILE; what a file "
        "manager passes)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.headless and not args.start:
        parser.error("--headless goes with --start VM")
    if args.install_desktop or args.uninstall_desktop:
        if args.file is not None or args.connect or args.headless:
            parser.error("--install-desktop and --uninstall-desktop take no other options")
        from hvdesk.desktop_integration import main as desktop_main

        return desktop_main(uninstalling=args.uninstall_desktop)
    if args.file is not None:
        if args.start or args.console or args.settings or args.list or args.new is not None:
            parser.error("a FILE cannot be combined with --start, --console, --settings, "
                         "--new or --list")  # fmt: skip
        args.new = args.file
    from hvdesk.core.errors import HvdeskError
    from hvdesk.core.uris import validate_uri

    for uri in args.connect:
        try:
            validate_uri(uri)
        except HvdeskError as exc:
            print(f"hvdesk: {exc.sentence()}", file=sys.stderr)
            return 2
    if args.new:
        if not os.access(args.new, os.R_OK):
            print(
                f"hvdesk: Cannot read '{args.new}'. Check the path and its permissions.",
                file=sys.stderr,
            )
            return 2
        args.new = os.path.abspath(args.new)  # the running instance has another cwd

    request = _request(args)
    headless = request.action == "list" or request.headless
    if not os.environ.get("HVDESK_NEW_INSTANCE"):
        try:
            reply = hand_off(request)
        except UnsafeFolder as exc:
            reply = None
            if headless:  # the GUI says so itself when it tries to serve there
                print(f"hvdesk: {exc} This command runs on its own.", file=sys.stderr)
        if reply is not None:
            sys.stdout.write(reply.stdout)
            sys.stderr.write(reply.stderr)
            return reply.code
    if headless:
        from hvdesk.headless import run_headless

        return run_headless(request)
    if not any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        print(
            "hvdesk: no graphical session was found (neither DISPLAY nor WAYLAND_DISPLAY is "
            "set). Start hvdesk from your desktop, or set QT_QPA_PLATFORM.",
            file=sys.stderr,
        )
        return 1
    from hvdesk.app import run

    return run(request)


def _request(args: argparse.Namespace) -> Request:
    for action in ("start", "console", "settings"):
        if getattr(args, action):
            return Request(action, getattr(args, action), args.headless, args.connect)
    if args.list:
        return Request("list", "", False, args.connect)
    if args.new is not None:
        return Request("new", args.new, False, args.connect)
    return Request("show", "", False, args.connect)
