// Stack frames survive clang's -O1 pipeline with debug info: the two
// address-taken locals share one 160-byte frame (left redzone 32, name[20]
// at 32, vals[4] at 96, right redzone from 128), the description names them
// by source name and line, a noreturn call clears the frame first, and the
// VLA is poisoned and unpoisoned by the runtime.
//
// RUN: %clang --target=x86_64-linux-gnu -g -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -kmemsan-stack=1 -O1 -S -emit-llvm %s -o - | FileCheck %s

void fill(char *p, int n);
__attribute__((noreturn)) void fatal(const char *why);

// CHECK: @[[DESC:__kmemsan_frame_desc[.a-z]*]] = private unnamed_addr constant [{{[0-9]+}} x i8] c"2 32 20 7 name:[[#@LINE+11]] 96 32 7 vals:[[#@LINE+12]]\00"
// CHECK-LABEL: define dso_local i32 @parse(
// CHECK: %[[FRAME:.*]] = alloca [160 x i8], align 16
// Assignment tracking (on at -O1 -g) gave the locals dbg.assign records;
// they become declares of the frame slots.
// CHECK-NOT: #dbg_assign
// CHECK: store ptr @[[DESC]]
// CHECK-NOT: #dbg_assign
// CHECK-DAG: #dbg_declare(ptr %[[FRAME]], ![[NAME:[0-9]+]], !DIExpression(DW_OP_plus_uconst, 32),
// CHECK-DAG: #dbg_declare(ptr %[[FRAME]], ![[VALS:[0-9]+]], !DIExpression(DW_OP_plus_uconst, 96),
int parse(int n) {
  char name[20];
  long vals[4];
  fill(name, n);
  fill((char *)vals, n);
  // CHECK: call void @__asan_handle_no_return()
  // CHECK-NEXT: call void @fatal(
  if (n > 100)
    fatal(name);
  char tmp[n];
  // CHECK: call void @__asan_alloca_poison(
  fill(tmp, n);
  // CHECK: call void @__asan_allocas_unpoison(
  // CHECK-NOT: #dbg_assign
  // CHECK: ret i32
  return name[0] + vals[1] + tmp[0];
}
// CHECK-DAG: ![[NAME]] = !DILocalVariable(name: "name"
// CHECK-DAG: ![[VALS]] = !DILocalVariable(name: "vals"
