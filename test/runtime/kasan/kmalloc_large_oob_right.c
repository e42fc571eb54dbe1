// kmalloc_large_oob_right: a big kmalloc object that still comes from a slab
// cache (KMALLOC_MAX_CACHE_SIZE - 256 = 7936 bytes, cache kmalloc-8k) is
// written one byte past its end.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include <kmemsan/kernel.h>
#include <stdio.h>

noinline void kmalloc_large_oob_right(void) {
  size_t size = KMALLOC_MAX_CACHE_SIZE - 256;
  char *ptr = kmalloc(size, GFP_KERNEL);

  if (!ptr) {
    fprintf(stderr, "kmalloc failed\n");
    return;
  }
  fprintf(stderr, "object at %016lx\n", (unsigned long)ptr);
  OPTIMIZER_HIDE_VAR(ptr);

  barrier();
  ptr[size] = 0;
  barrier();

  kfree(ptr);
}

int main(void) {
  kmalloc_large_oob_right();
  fprintf(stderr, "kmalloc_large_oob_right: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kmalloc_large_oob_right+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Write of size 1 at addr [[#%.16x,OBJ+7936]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}kmalloc_large_oob_right+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}kmalloc_large_oob_right+0x
// CHECK: The buggy address belongs to the object at [[#%.16x,OBJ]]
// CHECK-NEXT: {{^ }}which belongs to the cache kmalloc-8k of size 8192
// CHECK-NEXT: The buggy address is located 0 bytes to the right of
// CHECK-NEXT: {{^ }}allocated 7936-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+7936]])
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: }}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: kmalloc_large_oob_right: done

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
