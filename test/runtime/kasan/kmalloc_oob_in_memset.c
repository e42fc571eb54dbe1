// kmalloc_oob_in_memset: memset() of a 120-byte kmalloc object (cache
// kmalloc-128) with 128 bytes: the whole 128-byte range is one write, and the
// report names the function that called memset().
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log
// RUN: %clang_kmemsan -O1 -g --kmemsan-opt=kasan-mode=inline %s -o %t.inline
// RUN: %t.inline 2>&1 | FileCheck %s

#include <kmemsan/kernel.h>
#include <stdio.h>
#include <string.h>

noinline void kmalloc_oob_in_memset(void) {
  size_t size = 128 - 8;
  char *ptr = kmalloc(size, GFP_KERNEL);

  if (!ptr) {
    fprintf(stderr, "kmalloc failed\n");
    return;
  }
  fprintf(stderr, "object at %016lx\n", (unsigned long)ptr);
  OPTIMIZER_HIDE_VAR(ptr);
  OPTIMIZER_HIDE_VAR(size);

  barrier();
  memset(ptr, 0, size + 8);
  barrier();

  kfree(ptr);
}

int main(void) {
  kmalloc_oob_in_memset();
  fprintf(stderr, "kmalloc_oob_in_memset: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kmalloc_oob_in_memset+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Write of size 128 at addr [[#%.16x,OBJ]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK: {{^ }}kmalloc_oob_in_memset+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}kmalloc_oob_in_memset+0x
// CHECK: The buggy address belongs to the object at [[#%.16x,OBJ]]
// CHECK-NEXT: {{^ }}which belongs to the cache kmalloc-128 of size 128
// CHECK-NEXT: The buggy address is located 0 bytes inside of
// CHECK-NEXT: {{^ }}allocated 120-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+120]])
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: }}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: kmalloc_oob_in_memset: done

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
