#!/usr/bin/env bash
# The Linux part of the benchmarks: the same tinyconfig + KASAN generic +
# KUnit kernel (Linux 6.1, clang 19) built from an empty directory and
# booted in qemu (TCG), with the kernel's own KASAN (-fsanitize=kernel-address)
# and with CONFIG_KMEMSAN (our pass and runtime), side by side.
#
#   bench/kernel.sh [--out DIR] [--work DIR] [--klsan] [-j N]
#
# For each variant: the wall time of `make bzImage modules` from an empty
# build directory (tools/kmemsan-kernel build; unpacking and configuring are
# not counted), and the time from power-on to the KASAN KUnit suite's summary
# line, read from the kernel's own printk timestamps, plus qemu's wall time.
# --klsan adds CONFIG_KMEMSAN_KLSAN (KASan + KLSan) as a third variant.
# Writes DIR/kernel.md (table with ratios to stock KASAN), DIR/kernel.csv and
# each variant's console log; the tool's own logs stay in the work directory.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$REPO/bench/results/kernel_$(date -u +%Y-%m-%d_%H%M%S)
WORK=$REPO/build-bench/kernel
JOBS=$(nproc)
KLSAN=0
while [ $# -gt 0 ]; do
  case $1 in
    --out) OUT=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --klsan) KLSAN=1; shift ;;
    -j) JOBS=$2; shift 2 ;;
    *) echo "usage: bench/kernel.sh [--out DIR] [--work DIR] [--klsan] [-j N]" >&2; exit 2 ;;
  esac
done
mkdir -p "$OUT" "$WORK"
say() { printf '[kernel-bench] %s\n' "$*"; }

variants=("stock:--stock" "kmemsan:--no-klsan")
[ $KLSAN = 1 ] && variants+=("kmemsan-klsan:")

echo "variant,build_s,boot_to_kunit_s,qemu_wall_s,kunit" > "$OUT/kernel.csv"
for v in "${variants[@]}"; do
  name=${v%%:*}
  flags=${v#*:}
  dir=$WORK/$name
  rm -rf "$dir"
  say "$name: prepare (unpack, patch, configure)"
  # shellcheck disable=SC2086
  "$REPO/tools/kmemsan-kernel" $flags --build-dir "$dir" -j "$JOBS" prepare > "$WORK/$name-prepare.log" 2>&1
  say "$name: build from an empty tree"
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  "$REPO/tools/kmemsan-kernel" $flags --build-dir "$dir" -j "$JOBS" build > "$WORK/$name-build.log" 2>&1
  end=$(date +%s.%N)
  build_s=$(echo "$end - $start" | bc)
  say "$name: boot"
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  "$REPO/tools/kmemsan-kernel" $flags --build-dir "$dir" boot > "$WORK/$name-boot.out" 2>&1
  end=$(date +%s.%N)
  wall_s=$(echo "$end - $start" | bc)
  cp "$dir/logs/boot.log" "$OUT/$name-boot.log"
  line=$(grep -E '# kasan: pass:' "$dir/logs/boot.log" | tail -n1 | tr -d '\r')
  kunit_s=$(sed -nE 's/^\[ *([0-9]+\.[0-9]+)\].*/\1/p' <<<"$line")
  kunit=$(sed -E 's/.*(# kasan: .*)/\1/' <<<"$line")
  say "$name: build ${build_s} s, KUnit summary at ${kunit_s:-?} s ($kunit)"
  echo "$name,$build_s,${kunit_s:-},$wall_s,$kunit" >> "$OUT/kernel.csv"
done

python3 - "$OUT" <<'PY'
import csv, sys
out = sys.argv[1]
rows = list(csv.DictReader(open(f"{out}/kernel.csv")))
base = rows[0]
def ratio(r, k):
    try:
        return f"{float(r[k]) / float(base[k]):.2f}x"
    except (ValueError, ZeroDivisionError):
        return "?"
with open(f"{out}/kernel.md", "w") as f:
    f.write("| variant | build (s) | ratio | boot to KUnit summary (s) | ratio | qemu wall (s) | KUnit |\n")
    f.write("|---|---|---|---|---|---|---|\n")
    for r in rows:
        f.write(f"| {r['variant']} | {float(r['build_s']):.0f} | {ratio(r, 'build_s')} | "
                f"{r['boot_to_kunit_s'] or '?'} | {ratio(r, 'boot_to_kunit_s')} | "
                f"{float(r['qemu_wall_s']):.1f} | `{r['kunit']}` |\n")
print(open(f"{out}/kernel.md").read())
PY
