// kmalloc_pagealloc_uaf: a page-allocator-backed kmalloc object
// (KMALLOC_MAX_CACHE_SIZE + 10 bytes) is read after kfree(). Its pages are
// free, so the bug type is use-after-free (not slab-use-after-free).
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include <kmemsan/kernel.h>
#include <stdio.h>

noinline void kmalloc_pagealloc_uaf(void) {
  size_t size = KMALLOC_MAX_CACHE_SIZE + 10;
  char *ptr = kmalloc(size, GFP_KERNEL);

  if (!ptr) {
    fprintf(stderr, "kmalloc failed\n");
    return;
  }
  fprintf(stderr, "object at %016lx\n", (unsigned long)ptr);
  kfree(ptr);

  barrier();
  (void)((volatile char *)ptr)[0];
  barrier();
}

int main(void) {
  kmalloc_pagealloc_uaf();
  fprintf(stderr, "kmalloc_pagealloc_uaf: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: use-after-free in kmalloc_pagealloc_uaf+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size 1 at addr [[#%.16x,OBJ]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}kmalloc_pagealloc_uaf+0x
// CHECK-NOT: which belongs to the cache
// CHECK: The buggy address belongs to the physical page:
// CHECK-NOT: which belongs to the cache
// CHECK: The buggy address is located 0 bytes inside of
// CHECK-NEXT: {{^ }}freed 8202-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+8202]])
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: }}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: kmalloc_pagealloc_uaf: done

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
