// At the start of the pipeline the plugin gives every function it will
// instrument the sanitize_address attribute, as clang does under -fsanitize:
// the inliner then never moves an exempt function's accesses into an
// instrumented one (where they would be checked), and the optimizer does
// not speculate loads the program never makes.
// RUN: %clang -O2 -fpass-plugin=%plugin -S -emit-llvm -o - %s | FileCheck %s
// RUN: %clang -O0 -fpass-plugin=%plugin -S -emit-llvm -o - %s | FileCheck %s

__attribute__((annotate("kmemsan_no_sanitize"))) void quiet(int *p) { *p = 1; }
static void helper(int *p) { p[1] = 3; }
void loud(int *p) {
  quiet(p);
  helper(p);
  *p = 2;
}

// CHECK: define {{.*}}void @quiet(ptr {{.*}}) #[[EXEMPT:[0-9]+]]
// CHECK-NOT: __asan
// CHECK: ret void
// CHECK: define {{.*}}void @loud(ptr {{.*}}) {{.*}}#[[SANITIZED:[0-9]+]]
// CHECK: call void @quiet(
// CHECK: call void @__asan_store
// CHECK: attributes #[[EXEMPT]] = {
// CHECK-NOT: sanitize_address
// CHECK-SAME: }
// CHECK: attributes #[[SANITIZED]] = { {{.*}}sanitize_address
