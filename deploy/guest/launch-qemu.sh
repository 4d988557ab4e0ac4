#!/usr/bin/env bash
# Launches the Coracle guest as an AMD SEV-SNP VM with QEMU (9.1+, upstream SNP) on an SNP host
# (Linux 6.11+ KVM, SNP enabled in the BIOS and kvm_amd.sev_snp=1).
#
#   OVMF=/usr/share/ovmf/OVMF.amdsev.fd deploy/guest/launch-qemu.sh [--dry-run] [--print-measurement]
#
# Direct boot with kernel-hashes=on: QEMU writes SHA-256 of kernel, initrd and command line into
# the firmware's hashes page before launch, so the launch measurement covers all of them.
# Guest policy 0x30000 (SNP ABI 4.3): bit 16 SMT allowed, bit 17 reserved-must-be-one,
# bit 18 MIGRATE_MA=0 (no migration agent), bit 19 DEBUG=0 (the host cannot read or write guest
# memory through the debug API), bit 20 SINGLE_SOCKET=0; ABI 0.0 minimum.
#
# Settings (environment):
#   OVMF      AmdSev OVMF build (required; OvmfPkg/AmdSev/AmdSevX64.dsc, e.g. Debian trixie's OVMF.amdsev.fd)
#   KERNEL    default deploy/guest/out/vmlinuz
#   INITRD    default deploy/guest/out/initrd.img
#   CMDLINE   default: contents of deploy/guest/cmdline.txt
#   VCPUS     default 4 (part of the measurement: one VMSA per vCPU)
#   CPU       default EPYC-v4 (its CPUID signature is part of the measurement)
#   MEMORY_MB default 4096
#   CONFIG    oracle.env handed to the guest through fw_cfg (not measured; see README), required
#   KEYS_DISK optional raw image labelled CORACLE-KEYS for sealed keys that survive restarts
#   NET       user (default, outbound NAT only, guest port 8080 forwarded to HOST_PORT) or tap:IFNAME
#   HOST_PORT default 8080
#   QEMU      default qemu-system-x86_64
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

# Part of the measurement or of the policy verifiers check: change only together with the
# allow-list on the AttestationRegistry.
readonly SNP_POLICY=0x30000
readonly CBITPOS=51
readonly REDUCED_PHYS_BITS=1

DRY_RUN=0
PRINT_MEASUREMENT=0
for arg in "$@"; do
  case "$arg" in
    --dry-run) DRY_RUN=1 ;;
    --print-measurement) PRINT_MEASUREMENT=1 ;;
    -h|--help) sed -n '2,30p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "launch-qemu: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

OVMF="${OVMF:?set OVMF to an AmdSev OVMF build (OVMF.amdsev.fd)}"
KERNEL="${KERNEL:-$HERE/out/vmlinuz}"
INITRD="${INITRD:-$HERE/out/initrd.img}"
CMDLINE="${CMDLINE:-$(tr -d '\n' <"$HERE/cmdline.txt")}"
VCPUS="${VCPUS:-4}"
CPU="${CPU:-EPYC-v4}"
MEMORY_MB="${MEMORY_MB:-4096}"
CONFIG="${CONFIG:-}"
KEYS_DISK="${KEYS_DISK:-}"
NET="${NET:-user}"
HOST_PORT="${HOST_PORT:-8080}"
QEMU="${QEMU:-qemu-system-x86_64}"

for f in "$OVMF" "$KERNEL" "$INITRD"; do
  [[ -f "$f" ]] || { echo "launch-qemu: file not found: $f" >&2; exit 2; }
done
[[ "$VCPUS" =~ ^[1-9][0-9]*$ ]] || { echo "launch-qemu: VCPUS must be a positive number" >&2; exit 2; }
[[ "$MEMORY_MB" =~ ^[1-9][0-9]*$ ]] || { echo "launch-qemu: MEMORY_MB must be a positive number" >&2; exit 2; }

if [[ "$PRINT_MEASUREMENT" -eq 1 ]]; then
  exec "$ROOT/coracle" measure --ovmf "$OVMF" --kernel "$KERNEL" --initrd "$INITRD" --append "$CMDLINE" \
    --vcpus "$VCPUS" --vcpu-type "$CPU" --pretty
fi

args=(
  -enable-kvm
  -nodefaults -no-user-config -nographic
  -machine "q35,confidential-guest-support=sev0,memory-backend=ram0,vmport=off"
  -object "memory-backend-memfd,id=ram0,size=${MEMORY_MB}M,share=true,prealloc=false"
  -object "sev-snp-guest,id=sev0,policy=${SNP_POLICY},cbitpos=${CBITPOS},reduced-phys-bits=${REDUCED_PHYS_BITS},kernel-hashes=on"
  -cpu "$CPU"
  -smp "$VCPUS"
  -m "${MEMORY_MB}M"
  -bios "$OVMF"
  -kernel "$KERNEL"
  -initrd "$INITRD"
  -append "$CMDLINE"
  -serial stdio
)

case "$NET" in
  user) args+=(-netdev "user,id=net0,hostfwd=tcp:127.0.0.1:${HOST_PORT}-:8080") ;;
  tap:*) args+=(-netdev "tap,id=net0,ifname=${NET#tap:},script=no,downscript=no") ;;
  *) echo "launch-qemu: NET must be user or tap:IFNAME" >&2; exit 2 ;;
esac
# No option ROM: it would be firmware the launch measurement does not cover.
args+=(-device "virtio-net-pci,netdev=net0,disable-legacy=on,iommu_platform=true,romfile=")

if [[ -n "$CONFIG" ]]; then
  [[ -f "$CONFIG" ]] || { echo "launch-qemu: CONFIG file not found: $CONFIG" >&2; exit 2; }
  args+=(-fw_cfg "name=opt/io.coracle/oracle.env,file=${CONFIG}")
elif [[ "$DRY_RUN" -eq 0 ]]; then
  echo "launch-qemu: set CONFIG to the oracle.env for this deployment" >&2
  exit 2
fi
if [[ -n "$KEYS_DISK" ]]; then
  args+=(-drive "if=none,id=keys,file=${KEYS_DISK},format=raw,cache=none"
         -device "virtio-blk-pci,drive=keys,disable-legacy=on,iommu_platform=true")
fi

if [[ "$DRY_RUN" -eq 1 ]]; then
  printf '%q ' "$QEMU" "${args[@]}"
  printf '\n'
  exit 0
fi
exec "$QEMU" "${args[@]}"
