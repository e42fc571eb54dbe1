// The annotation the frontend plugin produces for no_sanitize("kernel-address")
// can also be written by hand: the annotated function stays uninstrumented.
// RUN: %clang -O2 -fpass-plugin=%plugin -S -emit-llvm -o - %s | FileCheck %s

__attribute__((annotate("kmemsan_no_sanitize"))) void quiet(int *p) { *p = 1; }
void loud(int *p) { *p = 2; }

// CHECK-LABEL: define {{.*}}void @quiet(
// CHECK-NOT: __asan
// CHECK: ret void
// CHECK-LABEL: define {{.*}}void @loud(
// CHECK: call void @__asan_store4_noabort(
