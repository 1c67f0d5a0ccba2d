"""A libvirt test-driver node file with N domains, for `test:///ABS/PATH.xml`.

The test driver reads a `<node>` document whose `<domain type='test'>` children are
its initial domains. Each domain starts *running* unless it carries the driver's own
namespace element `<test:runstate>N</test:runstate>`
(xmlns:test='http://libvirt.org/schemas/domain/test/1.0'), N being a virDomainState
number (5 = VIR_DOMAIN_SHUTOFF, 3 = PAUSED, …); see testDomainDefNamespaceParse in
libvirt's src/test/test_driver.c. Other namespace elements are `<test:transient/>`
and `<test:hasmanagedsave/>`.

    python -m tests.bench.gen_vms --vms 1000     # prints the test:/// URI

The file goes to ${HVDESK_BENCH_CACHE:-~/.cache/hvdesk-bench}/, never the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import uuid
from pathlib import Path
from xml.sax.saxutils import escape

TEST_NS = "http://libvirt.org/schemas/domain/test/1.0"
LIBOSINFO_NS = "http://libosinfo.org/xmlns/libvirt/domain/1.0"
VIR_DOMAIN_RUNNING = 1
VIR_DOMAIN_PAUSED = 3
VIR_DOMAIN_SHUTOFF = 5
# Bump when the generated document changes, so that cached files are regenerated.
FORMAT = 1

_ROLES = (
    "web", "db", "cache", "build", "ci-runner", "mail", "dns", "proxy", "k8s-node",
    "backup", "test", "dev", "win-desktop", "monitoring", "vpn", "storage",
)  # fmt: skip
_SITES = ("fra", "par", "ams", "lon", "nyc", "sfo", "sin", "syd")
_OSES = (
    "http://debian.org/debian/12",
    "http://debian.org/debian/11",
    "http://ubuntu.com/ubuntu/24.04",
    "http://ubuntu.com/ubuntu/22.04",
    "http://fedoraproject.org/fedora/40",
    "http://redhat.com/rhel/9.4",
    "http://archlinux.org/archlinux/rolling",
    "http://microsoft.com/win/11",
    "http://freebsd.org/freebsd/14.0",
)
_MEMORY_MIB = (256, 512, 1024, 2048, 4096, 8192, 16384)
_VCPUS = (1, 1, 2, 2, 2, 4, 4, 8, 16)


def cache_dir() -> Path:
    base = os.environ.get("HVDESK_BENCH_CACHE") or str(Path.home() / ".cache" / "hvdesk-bench")
    return Path(base)


def domain_xml(index: int, rng: random.Random, *, running: bool) -> str:
    role = _ROLES[index % len(_ROLES)]
    site = _SITES[(index // len(_ROLES)) % len(_SITES)]
    name = f"{role}-{site}-{index:04d}"
    dom_uuid = uuid.UUID(int=rng.getrandbits(128), version=4)
    memory = rng.choice(_MEMORY_MIB)
    vcpus = rng.choice(_VCPUS)
    os_id = rng.choice(_OSES)
    mac = f"52:54:00:{(index >> 16) & 0xFF:02x}:{(index >> 8) & 0xFF:02x}:{index & 0xFF:02x}"
    state = VIR_DOMAIN_RUNNING if running else VIR_DOMAIN_SHUTOFF
    disk = f"/var/lib/libvirt/images/{name}.qcow2"
    return f"""  <domain type='test' xmlns:test='{TEST_NS}'>
    <name>{escape(name)}</name>
    <uuid>{dom_uuid}</uuid>
    <title>{escape(role)} server {index} ({escape(site)})</title>
    <metadata>
      <libosinfo:libosinfo xmlns:libosinfo='{LIBOSINFO_NS}'>
        <libosinfo:os id='{os_id}'/>
      </libosinfo:libosinfo>
    </metadata>
    <memory unit='MiB'>{memory}</memory>
    <currentMemory unit='MiB'>{memory}</currentMemory>
    <vcpu>{vcpus}</vcpu>
    <os><type arch='x86_64'>hvm</type><boot dev='hd'/></os>
    <devices>
      <disk type='file' device='disk'>
        <driver name='qemu' type='qcow2'/>
        <source file='{escape(disk)}'/>
        <target dev='vda' bus='virtio'/>
      </disk>
      <interface type='network'>
        <mac address='{mac}'/>
        <source network='default'/>
        <model type='virtio'/>
      </interface>
    </devices>
    <test:runstate>{state}</test:runstate>
  </domain>
"""


def node_xml(count: int, *, running_fraction: float = 0.5, seed: int = 1) -> str:
    """The whole `<node>` document: `count` domains, about `running_fraction` running."""
    rng = random.Random(seed)
    running = set(rng.sample(range(count), round(count * running_fraction)))
    domains = "".join(domain_xml(i, rng, running=i in running) for i in range(count))
    # The NICs' network, so that clients looking it up find it.
    network = (
        "  <network><name>default</name><forward mode='nat'/>"
        "<ip address='192.168.122.1' netmask='255.255.255.0'/></network>\n"
    )
    return f"<node>\n{domains}{network}</node>\n"


def write_vms_xml(
    count: int,
    *,
    running_fraction: float = 0.5,
    seed: int = 1,
    directory: Path | None = None,
) -> Path:
    """Write (or reuse) the node file and return its absolute path."""
    text = node_xml(count, running_fraction=running_fraction, seed=seed)
    digest = hashlib.sha256(f"{FORMAT}\n{text}".encode()).hexdigest()[:10]
    directory = (directory or cache_dir()).absolute()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"vms-{count}-{digest}.xml"
    if not path.exists() or path.read_text() != text:
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(text)
        tmp.replace(path)
    return path


def uri_for(path: Path) -> str:
    return "test://" + str(path.absolute())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--vms", type=int, default=1000, help="number of domains (1000)")
    parser.add_argument("--running", type=float, default=0.5, help="fraction running (0.5)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, default=None, help=f"output dir ({cache_dir()})")
    args = parser.parse_args(argv)
    path = write_vms_xml(
        args.vms, running_fraction=args.running, seed=args.seed, directory=args.dir
    )
    print(uri_for(path))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
