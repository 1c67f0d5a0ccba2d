"""hvdesk: a desktop front-end for QEMU virtual machines, through libvirt."""

__version__ = "0.1.0"
APP_ID = "io.github.hvdesk.Hvdesk"
