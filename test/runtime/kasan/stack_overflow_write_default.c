// stack_overflow_write_default: a loop writes one byte past a 16-byte local
// array (the count comes from the command line, so the compiler cannot see
// it). With default flags, as under clang -fsanitize=address, a correct
// tool reports it at -O0 and at -O2: one stack-out-of-bounds write of size
// 1 at the array's end, in digit_sum, naming the array 'buf' at [32, 48) in
// the frame; the program then goes on.
//
// RUN: %clang_kmemsan -O0 %s -o %t.O0
// RUN: %t.O0 17 > %t.O0.log 2>&1
// RUN: FileCheck %s < %t.O0.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.O0.log
// RUN: %clang_kmemsan -O2 -g %s -o %t.O2
// RUN: %t.O2 17 > %t.O2.log 2>&1
// RUN: FileCheck %s < %t.O2.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.O2.log
// In bounds: no report.
// RUN: %t.O2 16 2>&1 | FileCheck %s --check-prefix=CLEAN

#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static int digit_sum(const char *digits, int n) {
  char buf[16];
  fprintf(stderr, "buf at %016lx\n", (unsigned long)buf);
  for (int i = 0; i < n; i++)
    buf[i] = digits[i] - '0';
  int s = 0;
  for (int i = 0; i < n && i < 16; i++)
    s += buf[i];
  return s;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 16;
  int s = digit_sum("12345678901234567890", n);
  fprintf(stderr, "digit_sum: %d\n", s);
  return 0;
}

// CHECK: buf at [[#%.16x,B:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: stack-out-of-bounds in digit_sum+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Write of size 1 at addr [[#%.16x,B+16]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}digit_sum+0x
// CHECK-NEXT: {{^ }}main+0x
// CHECK: The buggy address belongs to stack of task {{.+}}/{{[0-9]+}}
// CHECK-NEXT: {{^ }}and is located at offset 48 in frame:
// CHECK-NEXT: {{^ }}digit_sum+0x0/0x{{[0-9a-f]+}}
// CHECK: This frame has 1 object:
// CHECK-NEXT: {{^ }}[32, 48) 'buf'
// CHECK: ==================================================================
// CHECK: digit_sum: 66

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:

// CLEAN-NOT: BUG: KASAN
// CLEAN: digit_sum: 66
