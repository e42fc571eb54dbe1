// pagealloc_uaf: 16 pages (order 4) from alloc_pages() are read after
// free_pages(); freed pages make the bug type use-after-free.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include <kmemsan/kernel.h>
#include <stdio.h>

noinline void pagealloc_uaf(void) {
  unsigned int order = 4;
  struct page *pages = alloc_pages(GFP_KERNEL, order);
  char *ptr;

  if (!pages) {
    fprintf(stderr, "alloc_pages failed\n");
    return;
  }
  ptr = page_address(pages);
  fprintf(stderr, "pages at %016lx\n", (unsigned long)ptr);
  /* In bounds while allocated: no report. */
  ptr[0] = 1;
  ptr[(PAGE_SIZE << order) - 1] = 1;
  free_pages((unsigned long)ptr, order);

  barrier();
  (void)((volatile char *)ptr)[0];
  barrier();
}

int main(void) {
  pagealloc_uaf();
  fprintf(stderr, "pagealloc_uaf: done\n");
  return 0;
}

// CHECK: pages at [[#%.16x,OBJ:]]
// CHECK-NOT: BUG: KASAN
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: use-after-free in pagealloc_uaf+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size 1 at addr [[#%.16x,OBJ]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}pagealloc_uaf+0x
// CHECK-NOT: which belongs to the cache
// CHECK: The buggy address belongs to the physical page:
// CHECK-NOT: which belongs to the cache
// CHECK: The buggy address is located 0 bytes inside of
// CHECK-NEXT: {{^ }}freed 65536-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+65536]])
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: ff ff}}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: pagealloc_uaf: done

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
