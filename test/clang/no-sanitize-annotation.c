// libkmemsan-clang.so turns every address-sanitizer opt-out into
// annotate("kmemsan_no_sanitize"), which CodeGen lists in
// @llvm.global.annotations for the kmemsan pass. clang 19 itself leaves no
// trace of no_sanitize(...) in the IR unless -fsanitize=... is given.
// The plugin runs as soon as it is loaded: no -add-plugin.
// RUN: %clang -Xclang -load -Xclang %shlibdir/libkmemsan-clang.so -S -emit-llvm -O1 %s -o - \
// RUN:   | FileCheck %s
// RUN: %clang -Xclang -load -Xclang %shlibdir/libkmemsan-clang.so -S -emit-llvm -O1 %s -o - \
// RUN:   | FileCheck %s --check-prefix=UNMARKED
// -fplugin= is the driver's spelling of the same -load.
// RUN: %clang -fplugin=%shlibdir/libkmemsan-clang.so -S -emit-llvm -O0 %s -o - \
// RUN:   | FileCheck %s
// Without the plugin there is nothing to find.
// RUN: %clang -S -emit-llvm -O1 %s -o - | FileCheck %s --check-prefix=NOPLUGIN

// CHECK: @[[STR:.str[.0-9]*]] = private unnamed_addr constant [20 x i8] c"kmemsan_no_sanitize\00", section "llvm.metadata"
// Exactly the nine declarations marked below, each once.
// CHECK: @llvm.global.annotations = appending global [9 x { ptr, ptr, ptr, i32, ptr }]
// CHECK-DAG: { ptr @kasan_fn, ptr @[[STR]],
// CHECK-DAG: { ptr @asan_fn, ptr @[[STR]],
// CHECK-DAG: { ptr @nsa_fn, ptr @[[STR]],
// CHECK-DAG: { ptr @nasa_fn, ptr @[[STR]],
// CHECK-DAG: { ptr @list_fn, ptr @[[STR]],
// CHECK-DAG: { ptr @all_fn, ptr @[[STR]],
// CHECK-DAG: { ptr @quiet_global, ptr @[[STR]],
// CHECK-DAG: { ptr @quiet_kglobal, ptr @[[STR]],
// CHECK-DAG: { ptr @with_static.quiet_local, ptr @[[STR]],

// UNMARKED-NOT: { ptr @plain_fn,
// UNMARKED-NOT: { ptr @ubsan_fn,
// UNMARKED-NOT: { ptr @thread_fn,
// UNMARKED-NOT: { ptr @with_static,
// UNMARKED-NOT: { ptr @plain_global,
// UNMARKED-NOT: { ptr @with_static.loud_local,

// NOPLUGIN-NOT: kmemsan_no_sanitize
// NOPLUGIN-NOT: llvm.global.annotations

// The kernel's spelling (__no_sanitize_address under KASAN_GENERIC).
__attribute__((no_sanitize("kernel-address"))) int kasan_fn(int *p) { return *p; }
__attribute__((no_sanitize("address"))) int asan_fn(int *p) { return *p; }
__attribute__((no_sanitize_address)) int nsa_fn(int *p) { return *p; }
__attribute__((no_address_safety_analysis)) int nasa_fn(int *p) { return *p; }
// Linux: #define __no_sanitize_address __attribute__((no_sanitize("address", "hwaddress")))
__attribute__((no_sanitize("address", "hwaddress"))) int list_fn(int *p) { return *p; }
__attribute__((no_sanitize("all"))) int all_fn(int *p) { return *p; }

int plain_fn(int *p) { return *p; }
__attribute__((no_sanitize("undefined"))) int ubsan_fn(int *p) { return *p; }
__attribute__((no_sanitize("thread"))) int thread_fn(int *p) { return *p; }

__attribute__((no_sanitize("address"))) int quiet_global[4];
// clang warns that kernel-address is not supported on a global, but keeps
// the attribute, and with -fsanitize=kernel-address honours it.
int quiet_kglobal __attribute__((no_sanitize("kernel-address"))) = 3;
int plain_global[4] = {1};

int with_static(int i) {
  static __attribute__((no_sanitize("address"))) int quiet_local[4];
  static int loud_local[4];
  quiet_local[i & 3]++;
  return ++loud_local[i & 3];
}
