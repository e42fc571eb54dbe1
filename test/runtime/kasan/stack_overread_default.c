// stack_overread_default: a loop reads one element past a local array of
// six longs. With default flags, as under clang -fsanitize=address, a
// correct tool reports it at -O0 and at -O2: one stack-out-of-bounds read
// of size 8 at the array's end, in table_sum, at frame offset 80, naming
// 'table' at [32, 80). With --kmemsan-opt=stack=0 the frame has no
// redzones, so the same read is not reported and the program just runs.
//
// RUN: %clang_kmemsan -O0 %s -o %t.O0
// RUN: %t.O0 7 > %t.O0.log 2>&1
// RUN: FileCheck %s < %t.O0.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.O0.log
// RUN: %clang_kmemsan -O2 -g %s -o %t.O2
// RUN: %t.O2 7 > %t.O2.log 2>&1
// RUN: FileCheck %s < %t.O2.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.O2.log
// RUN: %clang_kmemsan --kmemsan-opt=stack=0 -O0 %s -o %t.off.O0
// RUN: %t.off.O0 7 2>&1 | FileCheck %s --check-prefix=OFF
// RUN: %clang_kmemsan --kmemsan-opt=stack=0 -O2 %s -o %t.off.O2
// RUN: %t.off.O2 7 2>&1 | FileCheck %s --check-prefix=OFF

#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static long table_sum(int n) {
  long table[6];
  fprintf(stderr, "table at %016lx\n", (unsigned long)table);
  for (int i = 0; i < 6; i++)
    table[i] = i * 3;
  long s = 0;
  for (int i = 0; i < n; i++)
    s += table[i];
  return s;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 6;
  long s = table_sum(n);
  fprintf(stderr, "table_sum: %ld\n", s);
  return 0;
}

// CHECK: table at [[#%.16x,T:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: stack-out-of-bounds in table_sum+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size 8 at addr [[#%.16x,T+48]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}table_sum+0x
// CHECK-NEXT: {{^ }}main+0x
// CHECK: The buggy address belongs to stack of task {{.+}}/{{[0-9]+}}
// CHECK-NEXT: {{^ }}and is located at offset 80 in frame:
// CHECK-NEXT: {{^ }}table_sum+0x0/0x{{[0-9a-f]+}}
// CHECK: This frame has 1 object:
// CHECK-NEXT: {{^ }}[32, 80) 'table'
// CHECK: ==================================================================
// CHECK: table_sum: {{-?[0-9]+}}

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:

// OFF-NOT: BUG: KASAN
// OFF: table at
// OFF-NOT: BUG: KASAN
// OFF: table_sum: {{-?[0-9]+}}
