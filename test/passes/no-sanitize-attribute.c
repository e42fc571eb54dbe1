// End to end through the compiler wrapper: its frontend plugin turns
// no_sanitize("kernel-address") and no_sanitize_address into the
// "kmemsan_no_sanitize" annotation, and the pass leaves those functions alone.
// RUN: %clang_kmemsan -O2 -S -emit-llvm -o - %s | FileCheck %s

__attribute__((no_sanitize("kernel-address"))) void quiet(int *p) { *p = 1; }
__attribute__((no_sanitize_address)) void quiet_too(int *p) { *p = 1; }
void loud(int *p) { *p = 2; }

// CHECK-LABEL: define {{.*}}void @quiet(
// CHECK-NOT: __asan
// CHECK-LABEL: define {{.*}}void @quiet_too(
// CHECK-NOT: __asan
// CHECK-LABEL: define {{.*}}void @loud(
// CHECK: call void @__asan_store4_noabort(
