// The attribute on an earlier declaration reaches the definition that is
// code-generated (clang inherits NoSanitizeAttr, and the annotation, into
// later redeclarations), including definitions CodeGen defers (static,
// inline) and tentative definitions of globals.
// RUN: %clang -Xclang -load -Xclang %shlibdir/libkmemsan-clang.so -S -emit-llvm -O1 %s -o - \
// RUN:   | FileCheck %s
// RUN: %clang -Xclang -load -Xclang %shlibdir/libkmemsan-clang.so -S -emit-llvm -O1 %s -o - \
// RUN:   | FileCheck %s --check-prefix=UNMARKED

// CHECK: @[[STR:.str[.0-9]*]] = private unnamed_addr constant [20 x i8] c"kmemsan_no_sanitize\00", section "llvm.metadata"
// CHECK: @llvm.global.annotations = appending global [6 x { ptr, ptr, ptr, i32, ptr }]
// CHECK-DAG: { ptr @proto_then_def, ptr @[[STR]],
// CHECK-DAG: { ptr @second_proto, ptr @[[STR]],
// CHECK-DAG: { ptr @header_style, ptr @[[STR]],
// CHECK-DAG: { ptr @deferred_static, ptr @[[STR]],
// CHECK-DAG: { ptr @both, ptr @[[STR]],
// CHECK-DAG: { ptr @tentative, ptr @[[STR]],

// UNMARKED-NOT: { ptr @unmarked,
// UNMARKED-NOT: { ptr @caller,

__attribute__((no_sanitize("kernel-address"))) int proto_then_def(int *p);
int proto_then_def(int *p) { return *p; }

// The attribute on the second of two prototypes.
int second_proto(int *p);
__attribute__((no_sanitize_address)) int second_proto(int *p);
int second_proto(int *p) { return *p + 1; }

// A header declares it noinstr-style, the .c file defines it plainly.
extern __attribute__((no_sanitize("address"))) void header_style(int *p);
void header_style(int *p) { *p = 0; }

// A static definition that CodeGen emits only once it is used.
static __attribute__((no_sanitize("address"))) int deferred_static(int *p);
static int deferred_static(int *p) { return *p * 2; }

// Marked on both: still one entry.
__attribute__((no_sanitize("address"))) int both(int *p);
__attribute__((no_sanitize("address"))) int both(int *p) { return *p - 1; }

// A tentative definition is emitted at the end of the translation unit.
extern __attribute__((no_sanitize("address"))) int tentative[8];
int tentative[8];

int unmarked(int *p);
int unmarked(int *p) { return *p; }

int caller(int *p) {
  return deferred_static(p) + tentative[*p & 7];
}
