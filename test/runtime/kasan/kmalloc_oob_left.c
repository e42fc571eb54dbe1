// kmalloc_oob_left: one byte before a 15-byte kmalloc object is read.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log
// RUN: %clang_kmemsan -O1 -g --kmemsan-opt=kasan-mode=inline %s -o %t.inline
// RUN: %t.inline 2>&1 | FileCheck %s

#include <kmemsan/kernel.h>
#include <stdio.h>

noinline void kmalloc_oob_left(void) {
  size_t size = 15;
  char *ptr = kmalloc(size, GFP_KERNEL);

  if (!ptr) {
    fprintf(stderr, "kmalloc failed\n");
    return;
  }
  fprintf(stderr, "object at %016lx\n", (unsigned long)ptr);
  OPTIMIZER_HIDE_VAR(ptr);

  barrier();
  *ptr = *(ptr - 1);
  barrier();

  kfree(ptr);
}

int main(void) {
  kmalloc_oob_left();
  fprintf(stderr, "kmalloc_oob_left: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kmalloc_oob_left+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size 1 at addr [[#%.16x,OBJ-1]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}kmalloc_oob_left+0x
// The byte before the object is a redzone: it may be described against this
// object (1 byte to its left) or against the neighbour slot on its left.
// CHECK: The buggy address belongs to the object at {{([0-9a-f]{16})}}
// CHECK-NEXT: {{^ }}which belongs to the cache kmalloc-16 of size 16
// CHECK-NEXT: The buggy address is located {{[0-9]+}} bytes to the {{left|right}} of
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: }}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: kmalloc_oob_left: done

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
