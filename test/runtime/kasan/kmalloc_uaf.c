// kmalloc_uaf: byte 8 of a freed 10-byte kmalloc object (cache kmalloc-16)
// is read; the report shows where it was allocated and where it was freed.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log
// RUN: %clang_kmemsan -O0 -g %s -o %t.O0
// RUN: %t.O0 2>&1 | FileCheck %s
// RUN: %clang_kmemsan -O2 -g %s -o %t.O2
// RUN: %t.O2 2>&1 | FileCheck %s
// RUN: %clang_kmemsan -O1 -g --kmemsan-opt=kasan-mode=inline %s -o %t.inline
// RUN: %t.inline 2>&1 | FileCheck %s

#include <kmemsan/kernel.h>
#include <stdio.h>

noinline void kmalloc_uaf(void) {
  size_t size = 10;
  char *ptr = kmalloc(size, GFP_KERNEL);

  if (!ptr) {
    fprintf(stderr, "kmalloc failed\n");
    return;
  }
  fprintf(stderr, "object at %016lx\n", (unsigned long)ptr);
  kfree(ptr);

  barrier();
  (void)((volatile char *)ptr)[8];
  barrier();
}

int main(void) {
  kmalloc_uaf();
  fprintf(stderr, "kmalloc_uaf: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-use-after-free in kmalloc_uaf+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size 1 at addr [[#%.16x,OBJ+8]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}kmalloc_uaf+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}kmalloc_uaf+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK: Freed by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}kmalloc_uaf+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK: The buggy address belongs to the object at [[#%.16x,OBJ]]
// CHECK-NEXT: {{^ }}which belongs to the cache kmalloc-16 of size 16
// CHECK-NEXT: The buggy address is located 8 bytes inside of
// CHECK-NEXT: {{^ }}freed 10-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+10]])
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: ([0-9a-f]{2} )*f[ab]}}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: kmalloc_uaf: done

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
