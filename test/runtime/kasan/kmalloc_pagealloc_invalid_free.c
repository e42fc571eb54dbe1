// kmalloc_pagealloc_invalid_free: kfree() of a pointer one byte inside a
// page-allocator-backed kmalloc object is an invalid free; the object stays
// allocated and is then freed properly without another report.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include <kmemsan/kernel.h>
#include <stdio.h>

noinline void kmalloc_pagealloc_invalid_free(void) {
  size_t size = KMALLOC_MAX_CACHE_SIZE + 10;
  char *ptr = kmalloc(size, GFP_KERNEL);

  if (!ptr) {
    fprintf(stderr, "kmalloc failed\n");
    return;
  }
  fprintf(stderr, "object at %016lx\n", (unsigned long)ptr);
  OPTIMIZER_HIDE_VAR(ptr);

  kfree(ptr + 1);
  fprintf(stderr, "after the invalid free\n");
  /* The object is still allocated and usable. */
  ptr[0] = 1;
  ptr[size - 1] = 1;
  kfree(ptr);
}

int main(void) {
  kmalloc_pagealloc_invalid_free();
  fprintf(stderr, "kmalloc_pagealloc_invalid_free: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: invalid-free in kmalloc_pagealloc_invalid_free+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Free of addr [[#%.16x,OBJ+1]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK: {{^ }}kmalloc_pagealloc_invalid_free+0x
// CHECK-NOT: which belongs to the cache
// CHECK: The buggy address belongs to the physical page:
// CHECK-NOT: which belongs to the cache
// CHECK: The buggy address is located 1 bytes inside of
// CHECK-NEXT: {{^ }}allocated 8202-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+8202]])
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: after the invalid free
// CHECK-NOT: BUG: KASAN
// CHECK: kmalloc_pagealloc_invalid_free: done

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
