#!/usr/bin/env bash
# The real profile, end to end: Linux 6.12 x86-64 defconfig + KASAN generic +
# CONFIG_KMEMSAN with both detectors + virtio block/net, ext4, tmpfs, KUnit's
# list and hash suites and the data-structure test modules
# (tools/kmemsan-kernel --profile real), built once and booted RUNS times on
# 4 CPUs under the guest workload (test/kernel/guest/workload-real.sh), then
# the kmemleak sample module.
#
#   test/kernel/real_profile.sh [--runs N] [--duration SEC] [--lockdep]
#                               [--build-dir DIR] [--plugin-dir DIR]
#                               [--results DIR] [--timeout SEC]
#
# --timeout is each boot's qemu time limit (default 5400 s).
#
# Each run must end with "verdict: PASS" from tools/kmemsan-kernel-summary
# --real: all 4 CPUs up; KUnit's list-kunit-test, hlist, klist and
# hashtable suites fail:0; every run of the XArray, maple tree and IDA test
# modules passes all its tests; the workload ran to its end with the ext4
# disk mounted and unmounted; no oops, WARNING, lockdep or RCU stall report
# and no KASan report in the log; KLSan reported the kmemleak sample's whole
# leak list, each with both stacks, and nothing unexplained (0 unexplained).
#
# The summary of every run, its timing and every KLSan report with its
# stacks go to DIR (default test/kernel/results/real-<date>/): commit them
# and explain each report in docs/LINUX.md.
# Exit 0 when every run passed, 1 otherwise, 77 when packages are missing.
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUNS=3
TIMEOUT=5400
ARGS=()
RESULTS=
while [ $# -gt 0 ]; do
  case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --duration) ARGS+=(--duration "$2"); shift 2 ;;
    --lockdep) ARGS+=(--lockdep); shift ;;
    --build-dir) ARGS+=(--build-dir "$2"); BUILD_DIR=$2; shift 2 ;;
    --plugin-dir) ARGS+=(--plugin-dir "$2"); shift 2 ;;
    --results) RESULTS=$2; shift 2 ;;
    --timeout) TIMEOUT=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
case $RUNS in ''|*[!0-9]*|0) echo "--runs wants a number, not '$RUNS'" >&2; exit 2 ;; esac
case $TIMEOUT in ''|*[!0-9]*|0) echo "--timeout wants seconds, not '$TIMEOUT'" >&2; exit 2 ;; esac
BUILD_DIR=${BUILD_DIR:-$REPO/build/kernel-6.12-real}
RESULTS=${RESULTS:-$REPO/test/kernel/results/real-$(date +%Y-%m-%d)}
KK=("$REPO/tools/kmemsan-kernel" --linux 6.12 --profile real --smp 4 --timeout "$TIMEOUT"
    --build-dir "$BUILD_DIR" "${ARGS[@]}")

start=$SECONDS
"${KK[@]}" build
rc=$?
[ $rc = 77 ] && exit 77
[ $rc = 0 ] || { echo "FAIL: build (logs: $BUILD_DIR/logs)"; exit 1; }
build_s=$((SECONDS - start))
mkdir -p "$RESULTS"
{
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%d GiB", $2 / 1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"), qemu TCG, -smp 4"
  echo "kernel: $(make -s -C "$BUILD_DIR/linux-source-6.12" kernelversion 2>/dev/null), $(grep -c '=[ym]$' "$BUILD_DIR/linux-source-6.12/.config") options set"
  echo "build: ${build_s} s"
} > "$RESULTS/summary.txt"

fails=0
for run in $(seq 1 "$RUNS"); do
  echo "== run $run of $RUNS"
  t0=$SECONDS
  "${KK[@]}" boot
  boot_s=$((SECONDS - t0))
  log=$BUILD_DIR/logs/boot.log
  cp "$log" "$BUILD_DIR/logs/boot-$run.log"
  out=$(python3 "$REPO/tools/kmemsan-kernel-summary" --log "$log" --expect-cpus 4 --real --klsan)
  v=$?
  echo "$out"
  {
    echo
    echo "== run $run: qemu ${boot_s} s"
    echo "$out"
  } >> "$RESULTS/summary.txt"
  # Every KLSan report with its stacks (the logs themselves stay in
  # BUILD_DIR/logs/boot-N.log, out of the repository: they are large).
  sed -E 's/^\[ *[0-9]+\.[0-9]+\] ?//' "$log" | tr -d '\r' |
    awk '/BUG: KLSAN:/{inr=1} inr{print} inr && /^=+$/ {inr=0; print ""}' > "$RESULTS/klsan-reports-$run.txt"
  [ $v = 0 ] || fails=$((fails + 1))
done
echo "results: $RESULTS"
if [ $fails = 0 ]; then echo "PASS: $RUNS of $RUNS runs"; exit 0; fi
echo "FAIL: $fails of $RUNS runs failed (summary: $RESULTS/summary.txt)"; exit 1
