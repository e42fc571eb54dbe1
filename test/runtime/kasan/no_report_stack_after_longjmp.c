// no_report_stack_after_longjmp: longjmp leaves five instrumented frames
// without their epilogues, which would have cleared their redzones. A
// correct tool clears them at the jump (__asan_handle_no_return), so a
// later frame on the same stack, here one of a function built without
// instrumentation whose buffer is filled by the checked memset, is
// accessible: no report, and the memset is done (use_stack returns 1).
//
// RUN: %clang_kmemsan -O0 %s -o %t.O0
// RUN: %t.O0 2>&1 | FileCheck %s
// RUN: %clang_kmemsan -O2 %s -o %t.O2
// RUN: %t.O2 2>&1 | FileCheck %s

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

static jmp_buf env;

__attribute__((noinline)) static void fail_deep(int depth) {
  char scratch[64][4];

  memset(scratch, depth, sizeof(scratch));
  fprintf(stderr, "scratch at %p\n", (void *)scratch);
  if (depth == 0)
    longjmp(env, 1);
  fail_deep(depth - 1);
  fprintf(stderr, "%d\n", scratch[depth][0]);
}

__attribute__((noinline, no_sanitize("address"))) static int use_stack(void) {
  volatile char buf[2048];

  memset((char *)buf, 1, sizeof(buf));
  return buf[100];
}

int main(void) {
  if (!setjmp(env))
    fail_deep(4);
  fprintf(stderr, "after longjmp: %d\n", use_stack());
  return 0;
}

// CHECK-NOT: BUG: KASAN
// CHECK: after longjmp: 1
// CHECK-NOT: BUG: KASAN
