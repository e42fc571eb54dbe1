// kmalloc_uaf_memset: memset() over the whole of a freed 33-byte kmalloc
// object (cache kmalloc-64); one write of size 33 in the caller of memset().
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include <kmemsan/kernel.h>
#include <stdio.h>
#include <string.h>

noinline void kmalloc_uaf_memset(void) {
  size_t size = 33;
  char *ptr = kmalloc(size, GFP_KERNEL);

  if (!ptr) {
    fprintf(stderr, "kmalloc failed\n");
    return;
  }
  fprintf(stderr, "object at %016lx\n", (unsigned long)ptr);
  kfree(ptr);
  OPTIMIZER_HIDE_VAR(ptr);
  OPTIMIZER_HIDE_VAR(size);

  barrier();
  memset(ptr, 0, size);
  barrier();
}

int main(void) {
  kmalloc_uaf_memset();
  fprintf(stderr, "kmalloc_uaf_memset: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-use-after-free in kmalloc_uaf_memset+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Write of size 33 at addr [[#%.16x,OBJ]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK: {{^ }}kmalloc_uaf_memset+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}kmalloc_uaf_memset+0x
// CHECK: Freed by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}kmalloc_uaf_memset+0x
// CHECK: The buggy address belongs to the object at [[#%.16x,OBJ]]
// CHECK-NEXT: {{^ }}which belongs to the cache kmalloc-64 of size 64
// CHECK-NEXT: The buggy address is located 0 bytes inside of
// CHECK-NEXT: {{^ }}freed 33-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+33]])
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: }}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: kmalloc_uaf_memset: done

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
