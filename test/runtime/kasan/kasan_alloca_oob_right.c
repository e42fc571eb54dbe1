// kasan_alloca_oob_right: a read one byte past a 10-byte variable-length
// array (a dynamic alloca), with stack instrumentation on. The byte is in the
// array's partial last granule; the redzone after it names the bug type.
//
// RUN: %clang_kmemsan --kmemsan-opt=stack=1 -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log
// RUN: %clang_kmemsan --kmemsan-opt=stack=1 --kmemsan-opt=kasan-mode=inline -O1 -g %s -o %t.inline
// RUN: %t.inline 2>&1 | FileCheck %s

#include <kmemsan/kernel.h>
#include <stdio.h>

noinline void kasan_alloca_oob_right(void) {
  int n = 10;
  OPTIMIZER_HIDE_VAR(n);
  char alloca_array[n];
  char *p = alloca_array;

  fprintf(stderr, "alloca_array at %016lx\n", (unsigned long)alloca_array);
  OPTIMIZER_HIDE_VAR(p);
  barrier();
  (void)((volatile char *)p)[n];
  barrier();
}

int main(void) {
  kasan_alloca_oob_right();
  fprintf(stderr, "kasan_alloca_oob_right: done\n");
  return 0;
}

// CHECK: alloca_array at [[#%.16x,A:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: alloca-out-of-bounds in kasan_alloca_oob_right+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size 1 at addr [[#%.16x,A+10]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}kasan_alloca_oob_right+0x
// CHECK: The buggy address belongs to stack of task {{.+}}/{{[0-9]+}}
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: ([0-9a-f]{2} )*02 cb}}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: kasan_alloca_oob_right: done

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
