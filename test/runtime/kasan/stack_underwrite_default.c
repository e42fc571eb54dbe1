// stack_underwrite_default: digits are written backwards from the end of an
// 8-byte local array, and a width of 9 writes the byte just before it.
// With default flags, as under clang -fsanitize=address, a correct tool
// reports it at -O0 and at -O2: one stack-out-of-bounds write of size 1 at
// the address one below the array, in render, at frame offset 31, the last
// byte of the frame's left redzone (f1), naming 'buf' at [32, 40).
//
// RUN: %clang_kmemsan -O0 -g %s -o %t.O0
// RUN: %t.O0 9 > %t.O0.log 2>&1
// RUN: FileCheck %s < %t.O0.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.O0.log
// RUN: %clang_kmemsan -O2 %s -o %t.O2
// RUN: %t.O2 9 > %t.O2.log 2>&1
// RUN: FileCheck %s < %t.O2.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.O2.log
// In bounds: no report.
// RUN: %t.O2 8 2>&1 | FileCheck %s --check-prefix=CLEAN

#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static int render(long v, int width) {
  char buf[8];
  int pos = 8;
  fprintf(stderr, "buf at %016lx\n", (unsigned long)buf);
  for (int i = 0; i < width; i++) {
    buf[--pos] = '0' + v % 10;
    v /= 10;
  }
  return buf[7] + pos;
}

int main(int argc, char **argv) {
  int width = argc > 1 ? atoi(argv[1]) : 8;
  int r = render(123456789, width);
  fprintf(stderr, "render: %d\n", r);
  return 0;
}

// CHECK: buf at [[#%.16x,B:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: stack-out-of-bounds in render+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Write of size 1 at addr [[#%.16x,B-1]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}render+0x
// CHECK-NEXT: {{^ }}main+0x
// CHECK: The buggy address belongs to stack of task {{.+}}/{{[0-9]+}}
// CHECK-NEXT: {{^ }}and is located at offset 31 in frame:
// CHECK-NEXT: {{^ }}render+0x0/0x{{[0-9a-f]+}}
// CHECK: This frame has 1 object:
// CHECK-NEXT: {{^ }}[32, 40) 'buf'
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: ([0-9a-f]{2} )*f1( 00.*)?$}}
// CHECK: ==================================================================
// CHECK: render: {{-?[0-9]+}}

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:

// CLEAN-NOT: BUG: KASAN
// CLEAN: render: 57
