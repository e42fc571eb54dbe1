#!/usr/bin/env bash
# The kernel end to end: a Linux kernel (6.12 or 6.1) built with the kmemsan
# pass and runtime (KASan and KLSan), booted in qemu on 4 CPUs; the
# kernel's own KASAN KUnit suite (6.12: mm/kasan/kasan_test_c.c, 6.1:
# mm/kasan/kasan_test.c) at boot, then a small busybox workload and the
# kernel's kmemleak sample module (samples/kmemleak/kmemleak-test.c) loaded
# and unloaded.
#
#   test/kernel/kasan_kunit.sh [--linux X.Y] [--build-dir DIR]
#                              [--plugin-dir DIR] [--stack] [--no-klsan]
#                              [--no-build]
#
# Checks:
#   1. tools/kmemsan-kernel test: all 4 CPUs came up; the suite's summary has
#      fail:0 and as many passes as stock KASAN has on the same
#      configuration (6.12: 62 with --stack; 6.1: 46 with --stack, 42
#      without); KLSan reports exactly the sample's
#      leaks (2 x kmalloc(32), 2 x 1024, 2 x 2048, 2 x 4096, 5 x vmalloc(64)
#      at load; 10 list nodes and one kmalloc(129) per CPU at unload), each
#      with its stacks, and nothing else during boot and the workload;
#   2. instrumented files were compiled with -fpass-plugin=...libkmemsan.so
#      and without -fsanitize=kernel-address;
#   3. vmlinux takes its __asan_* entry points from our runtime (the core's
#      own symbols, kmemsan_kasan_check_range etc., are in it; mm/kasan's
#      report printer is not);
#   4. the reports in the boot log are ours (kmemsan's banner, "BUG: KASAN:"
#      reports with no dump_stack() "CPU: ... PID: ..." header, which every
#      report of the kernel's own printer has);
#   5. report stacks walk through the runtime: the kmalloc_oob_right report's
#      Call Trace and its allocation stack start at kmalloc_oob_right, and
#      no stack shows a runtime frame.
# Exit 77 (skip) when the kernel packages are missing.
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LINUX=6.12
BUILD_DIR=
ARGS=()
NO_BUILD=0
KLSAN=1
while [ $# -gt 0 ]; do
  case $1 in
    --build-dir) BUILD_DIR=$2; shift 2 ;;
    --linux) LINUX=$2; shift 2 ;;
    --plugin-dir) ARGS+=(--plugin-dir "$2"); shift 2 ;;
    --stack) ARGS+=(--stack); shift ;;
    --no-klsan) ARGS+=(--no-klsan); KLSAN=0; shift ;;
    --no-build) NO_BUILD=1; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

BUILD_DIR=${BUILD_DIR:-$REPO/build/kernel-$LINUX}
[ -f /usr/src/linux-source-$LINUX.tar.xz ] || { echo "SKIP: linux-source-$LINUX not installed"; exit 77; }
command -v qemu-system-x86_64 >/dev/null || { echo "SKIP: qemu-system-x86 not installed"; exit 77; }

TREE=$BUILD_DIR/linux-source-$LINUX
LOG=$BUILD_DIR/logs/boot.log
fails=0
check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fails=$((fails + 1)); fi
}

if [ $NO_BUILD = 0 ]; then
  "$REPO/tools/kmemsan-kernel" --linux "$LINUX" --build-dir "$BUILD_DIR" --smp 4 "${ARGS[@]}" test
  rc=$?
  [ $rc = 77 ] && exit 77
  check "kmemsan-kernel test (4 CPUs up; KUnit kasan suite: fail:0, enough passes$([ $KLSAN = 1 ] && echo '; KLSan: the sample leak list, nothing else'))" test $rc = 0
fi

cmd=$TREE/mm/kasan/.kasan_test.o.cmd
[ "$LINUX" = 6.1 ] || cmd=$TREE/mm/kasan/.kasan_test_c.o.cmd
check "kasan_test.o built with -fpass-plugin=...libkmemsan.so" grep -q -- '-fpass-plugin=[^ ]*libkmemsan.so' "$cmd"
check "kasan_test.o built without -fsanitize=kernel-address" bash -c "! grep -q -- '-fsanitize=kernel-address' '$cmd'"
check "no object of the tree built with -fsanitize=kernel-address" \
  bash -c "! grep -rl --include='.*.o.cmd' -- '-fsanitize=kernel-address' '$TREE' | grep -q ."

NM=$(command -v llvm-nm-19 || command -v llvm-nm || command -v nm)
syms=$("$NM" "$TREE/vmlinux" 2>/dev/null)
for s in __asan_load8_noabort __asan_store8_noabort __asan_loadN_noabort __asan_register_globals \
         __asan_memcpy kmemsan_kasan_check_range kmemsan_kasan_alloc kmemsan_kasan_free \
         kmemsan_platform_report_done; do
  check "vmlinux defines $s" grep -qE " [Tt] $s\$" <<<"$syms"
done
not_defined() { ! grep -qE " [Tt] $1\$" <<<"$syms"; }
check "mm/kasan's own __asan_* definitions are compiled out (no __asan_set_shadow_00)" \
  not_defined __asan_set_shadow_00

check "boot log has kmemsan's banner" grep -q 'kmemsan: KASan detector on' "$LOG"
if [ $KLSAN = 1 ]; then
  check "kasan_test.o built with the KLSan events (kernel tag layout)" \
    grep -q -- '-kmemsan-klsan-layout=kernel' "$cmd"
  for s in __kmemsan_klsan_store __kmemsan_klsan_copy __kmemsan_klsan_root kmemsan_klsan_confirm_now; do
    check "vmlinux defines $s" grep -qE " [TtBb] $s\$" <<<"$syms"
  done
  check "boot log: KLSan is on" grep -q 'KLSan detector on' "$LOG"
  check "boot log: the test plan ran to its end" grep -q 'kmemsan-plan: done' "$LOG"
fi
nreports=$(grep -c 'BUG: KASAN: ' "$LOG")
check "boot log has reports ($nreports)" test "$nreports" -ge 30
# The kernel's printer calls dump_stack_lvl(), whose first line is "CPU: N PID: ...".
check "every report is ours (no dump_stack header inside a report)" \
  awk '/BUG: KASAN: /{inr=1; n=0} inr{n++; if ($0 ~ /CPU: [0-9]+ PID: [0-9]+/ && n < 6) bad=1; if (n > 5) inr=0} END{exit bad}' "$LOG"
check "a slab-out-of-bounds report names kmalloc_oob_right" grep -q 'BUG: KASAN: slab-out-of-bounds in kmalloc_oob_right' "$LOG"
# Stack traces go through the runtime core (objtool gives it ORC data): the
# access stack and the allocation stack both start at the test function (the
# runtime's frames and, for kmalloc(), the allocator's are dropped: the
# stack starts at the hook's return address).
first_report() { # the lines of the first report whose title matches $1
  # (printk timestamps, "[   12.345678] ", removed)
  sed -E 's/^\[ *[0-9]+\.[0-9]+\] ?//' "$LOG" | tr -d '\r' |
    awk -v pat="$1" 'index($0, pat){inr=1} inr{print} inr && /^=+$/ {exit}'
}
oob_right=$(first_report 'BUG: KASAN: slab-out-of-bounds in kmalloc_oob_right')
# The first line under a stack header that is a frame (" func+0x..") or
# "(stack is not available)": with 4 CPUs another CPU's printk line
# ("input: ...", "clocksource: ...", which start at the left margin) may land
# inside the report.
first_frame() { # first_frame HEADER-REGEX < report
  awk -v hdr="$1" '$0 ~ hdr {f = 1; next} f && /^( |\(stack)/ {print; exit}'
}
check "kmalloc_oob_right report: the first Call Trace frame is kmalloc_oob_right" \
  grep -q "^ *kmalloc_oob_right+0x" <<<"$(first_frame '^Call Trace:' <<<"$oob_right")"
check "kmalloc_oob_right report: the first Allocated-by frame is kmalloc_oob_right" \
  grep -q "^ *kmalloc_oob_right+0x" <<<"$(first_frame '^Allocated by task' <<<"$oob_right")"
if [ $fails -gt 0 ] && [ -n "$oob_right" ]; then
  echo "the kmalloc_oob_right report was:"; sed 's/^/> /' <<<"$oob_right" | head -40
fi
check "no report stack shows a runtime (C++ mangled) frame" bash -c "! grep -qE '^(\\[ *[0-9.]+\\] )? +_ZN7kmemsan' '$LOG'"
check "a double-free report" grep -q 'BUG: KASAN: double-free' "$LOG"
check "an invalid-free report" grep -q 'BUG: KASAN: invalid-free' "$LOG"

if [ $fails = 0 ]; then echo "PASS"; exit 0; fi
echo "$fails check(s) failed (logs: $BUILD_DIR/logs)"; exit 1
