// The pass runs at OptimizerLast at -O3 too: every store is checked.
// RUN: %clang -O3 -fpass-plugin=%plugin -S -emit-llvm -o - %s | FileCheck %s

void set(int *p, long *q) {
  *p = 1;
  *q = 2;
}

// CHECK-LABEL: define {{.*}}void @set(
// CHECK: call void @__asan_store4_noabort(
// CHECK: store i32 1
// CHECK: call void @__asan_store8_noabort(
// CHECK: store i64 2
