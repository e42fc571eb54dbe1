// kasan_global_oob_left: a read 3 bytes before a global array. Globals only
// get redzones on their right, so this lands in the redzone of the global
// laid out before it. The link order of globals is not fixed, so of two
// instrumented arrays the one at the higher address is the target: the other
// one, with its redzone, is right before it.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include <kmemsan/kernel.h>
#include <stdio.h>

char global_array_a[10];
char global_array_b[10];

noinline void kasan_global_oob_left(void) {
  char *volatile array =
      (unsigned long)global_array_a > (unsigned long)global_array_b
          ? global_array_a
          : global_array_b;
  char *p = array - 3;

  fprintf(stderr, "global_array at %016lx\n", (unsigned long)array);
  barrier();
  (void)*(volatile char *)p;
  barrier();
}

int main(void) {
  global_array_a[0] = global_array_b[0] = 1;
  kasan_global_oob_left();
  fprintf(stderr, "kasan_global_oob_left: done\n");
  return 0;
}

// CHECK: global_array at [[#%.16x,G:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: global-out-of-bounds in kasan_global_oob_left+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size 1 at addr [[#%.16x,G-3]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}kasan_global_oob_left+0x
// CHECK: The buggy address belongs to the variable:
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: }}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: kasan_global_oob_left: done

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
