// Globals keep their redzones through clang's -O1 pipeline (the pass runs at
// OptimizerLast): an array and a string literal are padded and registered;
// a global in an explicit section and a thread local are not.
//
// RUN: %clang --target=x86_64-linux-gnu -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -kmemsan-stack=1 -O1 -S -emit-llvm %s -o - | FileCheck %s

// 40 bytes: 24 of padding + 32 of redzone.
// CHECK-DAG: @counters = dso_local {{(local_unnamed_addr )?}}global { [10 x i32], [56 x i8] } zeroinitializer, align 32
int counters[10];

// CHECK-DAG: @tbl_entry = dso_local {{(local_unnamed_addr )?}}global i32 1, section ".data.tbl", align 4
int tbl_entry __attribute__((section(".data.tbl"))) = 1;

// CHECK-DAG: @per_thread = dso_local thread_local {{(local_unnamed_addr )?}}global i32 0, align 4
__thread int per_thread;

// "kernel literal" is 15 bytes with its NUL: 17 + 32 = 49.
// CHECK-DAG: @.str = private unnamed_addr constant { [15 x i8], [49 x i8] } { [15 x i8] c"kernel literal\00", [49 x i8] zeroinitializer }, align 32
const char *message(void) { return "kernel literal"; }

int read_counter(int i) { return counters[i] + tbl_entry + per_thread; }

// Descriptors follow the module's order of globals (clang emits the
// tentative definition of counters last).
// CHECK: @__kmemsan_globals = internal global [2 x { ptr, i64, i64, ptr, ptr, i64, ptr, i64 }]
// CHECK-SAME: { ptr @.str, i64 15, i64 64,
// CHECK-SAME: { ptr @counters, i64 40, i64 96,
// CHECK: @llvm.global_ctors = {{.*}} { i32 1, ptr @kmemsan.module_ctor, ptr null }
// CHECK: define internal void @kmemsan.module_ctor()
// CHECK-NEXT: call void @__asan_register_globals(ptr @__kmemsan_globals, i64 2)
