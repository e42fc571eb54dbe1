// krealloc_pagealloc_more_oob: like krealloc_more_oob, but both sizes
// (KMALLOC_MAX_CACHE_SIZE + 201 -> + 235) are served by the page allocator.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include <kmemsan/kernel.h>
#include <stdio.h>

noinline void krealloc_pagealloc_more_oob(void) {
  size_t size1 = KMALLOC_MAX_CACHE_SIZE + 201;
  size_t size2 = KMALLOC_MAX_CACHE_SIZE + 235;
  size_t middle = size1 + (size2 - size1) / 2;
  char *ptr1, *ptr2;

  ptr1 = kmalloc(size1, GFP_KERNEL);
  if (!ptr1) {
    fprintf(stderr, "kmalloc failed\n");
    return;
  }
  ptr2 = krealloc(ptr1, size2, GFP_KERNEL);
  if (!ptr2) {
    fprintf(stderr, "krealloc failed\n");
    kfree(ptr1);
    return;
  }
  fprintf(stderr, "object at %016lx\n", (unsigned long)ptr2);
  OPTIMIZER_HIDE_VAR(ptr2);

  ptr2[size1 - 1] = 'x';
  ptr2[size1] = 'x';
  ptr2[middle] = 'x';
  ptr2[size2 - 1] = 'x';
  fprintf(stderr, "in-bounds accesses done\n");

  barrier();
  ptr2[size2] = 'x';
  barrier();
  ptr2[KMALLOC_MAX_CACHE_SIZE + 240] = 'x'; /* round_up(size2, 8) */
  barrier();

  kfree(ptr2);
}

int main(void) {
  krealloc_pagealloc_more_oob();
  fprintf(stderr, "krealloc_pagealloc_more_oob: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// CHECK-NOT: BUG: KASAN
// CHECK: in-bounds accesses done

// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in krealloc_pagealloc_more_oob+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Write of size 1 at addr [[#%.16x,OBJ+8427]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}krealloc_pagealloc_more_oob+0x
// CHECK: The buggy address belongs to the physical page:
// CHECK: The buggy address is located 0 bytes to the right of
// CHECK-NEXT: {{^ }}allocated 8427-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+8427]])
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: }}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================

// CHECK: BUG: KASAN: slab-out-of-bounds in krealloc_pagealloc_more_oob+0x
// CHECK-NEXT: Write of size 1 at addr [[#%.16x,OBJ+8432]] by task
// CHECK: The buggy address belongs to the physical page:
// CHECK: The buggy address is located 5 bytes to the right of
// CHECK-NEXT: {{^ }}allocated 8427-byte region
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: krealloc_pagealloc_more_oob: done

// COUNT-COUNT-2: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
