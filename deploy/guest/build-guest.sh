#!/usr/bin/env bash
# Builds the Coracle SEV-SNP guest: a kernel, an initrd that IS the whole root filesystem
# (Debian bookworm, a JRE, the oracle service), and the kernel command line. With QEMU's
# kernel-hashes=on all three are measured into the launch digest, so nothing the guest runs is
# left out of the measurement: there is no root disk.
#
# Reproducible: packages come from a fixed snapshot.debian.org timestamp, every file time is
# clamped to SOURCE_DATE_EPOCH, the cpio archive is written in sorted order with fixed owners, and
# the compressor is single-threaded. Two builds of the same inputs give byte-identical outputs
# (check with: ./build-guest.sh --out a && ./build-guest.sh --out b && cmp a/initrd.img b/initrd.img).
#
# Needs: root (debootstrap, chroot), debootstrap, cpio (GNU, --reproducible), zstd, and
# oracle-service/target/quarkus-app built with
#   ./mvnw -B -pl oracle-service -am package -DskipTests -Dproject.build.outputTimestamp=<same value>
#
# Usage: sudo deploy/guest/build-guest.sh [--out DIR] [--ovmf OVMF.amdsev.fd] [--vcpus N]
# With --ovmf it also prints the expected launch measurement (./coracle measure).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$HERE/out"
OVMF=""
VCPUS=4
SNAPSHOT="${SNAPSHOT:-20250601T000000Z}"
SUITE=bookworm
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1748736000}" # 2025-06-01T00:00:00Z, matches SNAPSHOT
export SOURCE_DATE_EPOCH
KERNEL_PACKAGE="${KERNEL_PACKAGE:-linux-image-cloud-amd64}" # from bookworm-backports: 6.12, configfs-tsm
APP="$ROOT/oracle-service/target/quarkus-app"

die() { echo "build-guest: $*" >&2; exit 2; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --ovmf) OVMF="$2"; shift 2 ;;
    --vcpus) VCPUS="$2"; shift 2 ;;
    -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done

[[ "$(id -u)" -eq 0 ]] || die "run as root (debootstrap and chroot need it)"
for tool in debootstrap cpio zstd chroot; do
  command -v "$tool" >/dev/null 2>&1 || die "missing tool: $tool"
done
[[ -f "$APP/quarkus-run.jar" ]] || die "build the oracle service first: $APP/quarkus-run.jar not found"
[[ -z "$OVMF" || -f "$OVMF" ]] || die "--ovmf $OVMF not found"

MIRROR="https://snapshot.debian.org/archive/debian/$SNAPSHOT/"
WORK="$(mktemp -d -t coracle-guest.XXXXXX)"
ROOTFS="$WORK/rootfs"
cleanup() {
  for m in proc sys dev; do
    umount -l "$ROOTFS/$m" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "build-guest: debootstrap $SUITE from $MIRROR" >&2
debootstrap --variant=minbase --include=systemd,systemd-sysv "$SUITE" "$ROOTFS" "$MIRROR"

cat >"$ROOTFS/etc/apt/sources.list" <<SOURCES
deb [check-valid-until=no] $MIRROR $SUITE main
deb [check-valid-until=no] $MIRROR $SUITE-backports main
SOURCES
mount -t proc proc "$ROOTFS/proc"
mount -t sysfs sys "$ROOTFS/sys"
mount --bind /dev "$ROOTFS/dev"

mapfile -t PACKAGES < <(grep -v '^[[:space:]]*#' "$HERE/packages.txt" | grep -v '^[[:space:]]*$')
chroot "$ROOTFS" env DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Check-Valid-Until=false update
chroot "$ROOTFS" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${PACKAGES[@]}"
chroot "$ROOTFS" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
  -t "$SUITE-backports" "$KERNEL_PACKAGE"

# The service account: no password, no shell, no home to log in to.
chroot "$ROOTFS" groupadd --system coracle
chroot "$ROOTFS" useradd --system --gid coracle --home-dir /var/lib/coracle --no-create-home \
  --shell /usr/sbin/nologin coracle
chroot "$ROOTFS" passwd --lock root

# The oracle service and the guest's own configuration.
install -d -m 0755 "$ROOTFS/opt/coracle"
cp -a "$APP" "$ROOTFS/opt/coracle/quarkus-app"
cp -a "$HERE/rootfs/." "$ROOTFS/"
chroot "$ROOTFS" systemctl enable nftables.service coracle-config.service coracle-oracle.service \
  var-lib-coracle.mount systemd-networkd.service systemd-resolved.service
cat >"$ROOTFS/etc/systemd/network/80-dhcp.network" <<'NETWORK'
[Match]
Name=en* eth*

[Network]
DHCP=ipv4
NETWORK
# No interactive login anywhere: no getty on any console, no SSH server installed.
for unit in getty@.service serial-getty@.service console-getty.service container-getty@.service \
  getty.target systemd-firstboot.service; do
  chroot "$ROOTFS" systemctl mask "$unit"
done
printf 'coracle-snp\n' >"$ROOTFS/etc/hostname"
ln -sf /lib/systemd/systemd "$ROOTFS/sbin/init"

# The kernel goes to QEMU -kernel; its modules stay in the initrd.
KVER="$(basename "$(find "$ROOTFS/lib/modules" -mindepth 1 -maxdepth 1 -type d | sort | tail -n 1)")"
install -d "$OUT"
cp "$ROOTFS/boot/vmlinuz-$KVER" "$OUT/vmlinuz"
chroot "$ROOTFS" depmod -a "$KVER"

# Drop what a running guest does not need and what differs between builds.
chroot "$ROOTFS" apt-get purge -y --allow-remove-essential apt >/dev/null
for m in proc sys dev; do
  umount -l "$ROOTFS/$m"
done
rm -rf "${ROOTFS:?}/boot"/* "${ROOTFS:?}/var/cache"/* "${ROOTFS:?}/var/lib/apt" "${ROOTFS:?}/var/log"/* \
  "$ROOTFS/var/lib/dpkg"/*-old "$ROOTFS/tmp"/* "$ROOTFS/usr/share/doc" "$ROOTFS/usr/share/man" \
  "$ROOTFS/usr/share/locale"
: >"$ROOTFS/etc/machine-id" # generated per boot, in RAM
sed -i -E 's/^([^:]*:[^:]*:)[0-9]*(:.*)$/\1'"$((SOURCE_DATE_EPOCH / 86400))"'\2/' "$ROOTFS/etc/shadow"
find "$ROOTFS" -exec touch --no-dereference --date="@$SOURCE_DATE_EPOCH" {} +

echo "build-guest: writing initrd" >&2
(cd "$ROOTFS" && find . -mindepth 1 -print0 | LC_ALL=C sort -z \
  | cpio --null --create --format=newc --reproducible --owner=0:0 --quiet) \
  | zstd -q -19 -T1 >"$OUT/initrd.img"
tr -d '\n' <"$HERE/cmdline.txt" >"$OUT/cmdline.txt"

( cd "$OUT" && sha256sum vmlinuz initrd.img cmdline.txt >SHA256SUMS )
cat "$OUT/SHA256SUMS"

if [[ -n "$OVMF" ]]; then
  "$ROOT/coracle" measure --ovmf "$OVMF" --kernel "$OUT/vmlinuz" --initrd "$OUT/initrd.img" \
    --append "$(cat "$OUT/cmdline.txt")" --vcpus "$VCPUS" --pretty | tee "$OUT/measurement.json"
fi
