// kasan_global_oob_right: a read 3 bytes past the end of a 10-byte global
// array lands in the redzone the pass puts after every global.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log
// RUN: %clang_kmemsan -O1 -g --kmemsan-opt=kasan-mode=inline %s -o %t.inline
// RUN: %t.inline 2>&1 | FileCheck %s

#include <kmemsan/kernel.h>
#include <stdio.h>

static char global_array[10];

noinline void kasan_global_oob_right(void) {
  /* A volatile pointer hides the array bounds from the compiler. */
  char *volatile array = global_array;
  char *p = &array[ARRAY_SIZE(global_array) + 3];

  fprintf(stderr, "global_array at %016lx\n", (unsigned long)global_array);
  barrier();
  (void)*(volatile char *)p;
  barrier();
}

int main(void) {
  kasan_global_oob_right();
  fprintf(stderr, "kasan_global_oob_right: done\n");
  return 0;
}

// CHECK: global_array at [[#%.16x,G:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: global-out-of-bounds in kasan_global_oob_right+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size 1 at addr [[#%.16x,G+13]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}kasan_global_oob_right+0x
// CHECK: The buggy address belongs to the variable:
// CHECK-NEXT: {{^ }}global_array+0xd/0x{{[0-9a-f]+}}
// CHECK: The buggy address is located 3 bytes to the right of
// CHECK-NEXT: {{^ }}global variable 'global_array' of size 10
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: ([0-9a-f]{2} )*02 f9}}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: kasan_global_oob_right: done

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
