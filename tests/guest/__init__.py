"""The tiny test guest: Debian kernel + busybox initramfs, booted by direct kernel boot.

tests.guest.build.build_guest() returns the cached kernel and initrd,
tests.guest.domain.guest_domain_xml() the domain XML, and tests.guest.harness drives
the guest with plain libvirt-python. (No re-exports here: `python -m tests.guest.build`
would warn about the module being imported twice.)
"""
