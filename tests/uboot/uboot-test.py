#!/usr/bin/env python3
"""Boot Debian's U-Boot (qemu-riscv64_smode) through Debian's OpenSBI and drive its shell.

    tests/uboot/uboot-test.py VSIM UBOOT_BIN DISPATCH

vsim runs with its console on pipes, 192 MiB of RAM, a scratch raw disk (-drive) and user networking
(-netdev user). The script reads the console until U-Boot's autoboot countdown, sends a key to stop it,
waits for the "=> " prompt and then runs commands one at a time, each answered by the next prompt:

    version                     the banner U-Boot printed at boot
    bdinfo                      DRAM at 0x80000000, 192 MiB: from our device tree's memory node
    fdt print ...               our device tree's /memory and /soc/serial@10000000 nodes
    virtio scan; virtio info    a virtio block device of the image's size (9216 x 512 bytes)
    virtio read; md.b           the image's first and last sectors (tokens the script wrote)
    dhcp (autoload no)          10.0.2.15 from slirp's DHCP server
    ping 10.0.2.2               slirp's gateway answers
    poweroff                    vsim exits with status 0

Exit status 0 = passed, 1 = failed (what failed and the console's last lines on stderr), 77 = skipped
(no UBOOT_BIN; Debian's package u-boot-qemu installs it). VSIM_UBOOT_KEEP=1 keeps the scratch directory.
"""
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time

SECTORS = 9216          # 4.5 MiB
MEMORY = "192M"
BOOT_TIMEOUT = 60       # seconds from start to the autoboot countdown
COMMAND_TIMEOUT = 30    # seconds for one command's answer (and for power-off)


class Failure(Exception):
    pass


class Console:
    """The guest's console: vsim's stdout and stderr read, its stdin written."""

    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.out = bytearray()
        self.pos = 0  # what expect() has consumed

    def text(self):
        return self.out.decode(errors="replace").replace("\r", "")

    def expect(self, what, timeout, step):
        """Read until `what` (bytes) appears after what was consumed; return the text up to its end."""
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while True:
            i = self.out.find(what, self.pos)
            if i >= 0:
                got = self.out[self.pos:i + len(what)]
                self.pos = i + len(what)
                return got.decode(errors="replace").replace("\r", "")
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure(f"{step}: no {what.decode()!r} within {timeout} s")
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                data = os.read(fd, 65536)
                if not data:
                    status = self.proc.wait()
                    raise Failure(f"{step}: vsim exited with status {status} before {what.decode()!r}")
                self.out += data

    def send(self, s):
        self.proc.stdin.write(s.encode())
        self.proc.stdin.flush()

    def command(self, cmd, timeout=COMMAND_TIMEOUT):
        """Run one shell command; return its output (the lines between the echo and the next prompt)."""
        self.send(cmd + "\r")
        got = self.expect(b"\n=> ", timeout, f"'{cmd}'")
        echo, _, output = got.partition("\n")
        if echo.strip() != cmd:
            raise Failure(f"'{cmd}': echoed as {echo!r}")
        return output[:-len("=> ")]

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def check(cond, what, output):
    if not cond:
        raise Failure(f"{what}; the command printed:\n{output.rstrip()}")


def md_bytes(output):
    """The bytes an md.b command dumped ("84000000: 76 73 ...  vs...")."""
    data = bytearray()
    for line in output.splitlines():
        m = re.match(r"[0-9a-f]{8}:((?: [0-9a-f]{2})+)", line)
        if m:
            data += bytes.fromhex(m.group(1))
    return bytes(data)


def run(con, first, last):
    t0 = time.monotonic()
    boot = con.expect(b"Hit any key to stop autoboot", BOOT_TIMEOUT, "boot")
    banner = re.search(r"^U-Boot 20\d\d\.\d\d.*$", boot, re.M)
    if "OpenSBI v" not in boot or not banner:
        raise Failure("boot: no OpenSBI banner and U-Boot banner before the autoboot countdown")
    con.send(" ")
    stop = con.expect(b"=> ", COMMAND_TIMEOUT, "stopping autoboot")
    # ":  2 \b\b\b 0 \n=> ": the countdown ends at once, nothing of bootcmd runs
    if not re.fullmatch(r":\s+\d[\s\b\d]*\n=> ", stop):
        raise Failure(f"the key did not stop autoboot: {stop!r}")
    prompt_s = time.monotonic() - t0

    out = con.command("version")
    check(out.splitlines()[:1] == [banner.group(0)], f"version: not the boot banner '{banner.group(0)}'", out)

    out = con.command("bdinfo")
    check(re.search(r"^-> start\s*= 0x0*80000000$", out, re.M) and
          re.search(r"^-> size\s*= 0x0*c000000$", out, re.M),
          "bdinfo: DRAM bank not 0x80000000, 0xc000000 bytes (-m 192M)", out)

    out = con.command("fdt addr $fdtcontroladdr")
    check(out.startswith("Working FDT set to"), "fdt addr: U-Boot's own device tree not accepted", out)
    out = con.command("fdt print /memory@80000000")
    check("reg = <0x00000000 0x80000000 0x00000000 0x0c000000>;" in out,
          "fdt: /memory@80000000 lacks reg = <0 0x80000000 0 0x0c000000>", out)
    out = con.command("fdt print /soc/serial@10000000")
    for prop in ('compatible = "ns16550a";', "reg = <0x00000000 0x10000000 0x00000000 0x00000100>;",
                 "interrupts = <0x0000000a>;"):
        check(prop in out, f"fdt: /soc/serial@10000000 lacks '{prop}'", out)

    out = con.command("virtio scan")
    out = con.command("virtio info")
    check(re.search(r"^Device 0: .*VirtIO Block Device$", out, re.M), "virtio info: no block device 0", out)
    check(re.search(rf"Capacity: .*\({SECTORS} x 512\)", out),
          f"virtio info: capacity not {SECTORS} x 512 (the image's size)", out)
    for sector, token, addr in ((0, first, 0x84000000), (SECTORS - 1, last, 0x84000200)):
        out = con.command(f"virtio read {addr:x} {sector:x} 1")
        check("1 blocks read: OK" in out, f"virtio read of sector {sector} failed", out)
        out = con.command(f"md.b {addr:x} {len(token):x}")
        check(md_bytes(out) == token, f"sector {sector}: expected {token!r}, read {md_bytes(out)!r}", out)

    con.command("setenv autoload no")  # DHCP only, no TFTP load after it
    out = con.command("dhcp")
    check("DHCP client bound to address 10.0.2.15" in out, "dhcp: not bound to 10.0.2.15", out)
    out = con.command("ping 10.0.2.2")
    check("host 10.0.2.2 is alive" in out, "ping 10.0.2.2 (slirp's gateway) not answered", out)

    con.send("poweroff\r")
    try:
        status = con.proc.wait(COMMAND_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise Failure(f"poweroff: vsim still running after {COMMAND_TIMEOUT} s") from None
    con.out += con.proc.stdout.read()
    if status != 0:
        raise Failure(f"poweroff: vsim exit status {status}, not 0")
    return prompt_s, time.monotonic() - t0


def main():
    if len(sys.argv) != 4:
        print(f"usage: {sys.argv[0]} VSIM UBOOT_BIN DISPATCH", file=sys.stderr)
        return 2
    vsim, uboot, mode = sys.argv[1:]
    name = f"uboot-test[{mode}]"
    if not os.path.isfile(uboot):
        print(f"{name}: SKIPPED: no {uboot} (Debian package u-boot-qemu)")
        return 77

    work = tempfile.mkdtemp(prefix="vsim-uboot-")
    disk = os.path.join(work, "disk.img")
    first = b"vsim-first-" + os.urandom(8).hex().encode()
    last = b"vsim-last-" + os.urandom(8).hex().encode()
    with open(disk, "wb") as f:
        f.truncate(SECTORS * 512)
        f.write(first)
        f.seek((SECTORS - 1) * 512)
        f.write(last)

    con = Console([vsim, "run", f"--dispatch={mode}", "-m", MEMORY, "-kernel", uboot,
                   "-drive", f"file={disk}", "-netdev", "user"])
    try:
        prompt_s, total_s = run(con, first, last)
        print(f"{name}: PASSED: U-Boot's prompt after {prompt_s:.1f} s, powered off after {total_s:.1f} s")
        return 0
    except Failure as e:
        print(f"{name}: FAILED: {e}", file=sys.stderr)
        tail = con.text().splitlines()[-40:]
        print("---- last 40 lines of the console ----", *tail, "---- end ----", sep="\n", file=sys.stderr)
        return 1
    finally:
        con.close()
        if os.environ.get("VSIM_UBOOT_KEEP") == "1":
            print(f"{name}: kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
