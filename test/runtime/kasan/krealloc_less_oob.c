// krealloc_less_oob: a 235-byte kmalloc object shrinks to 201 bytes with
// krealloc(). Offset 200 stays usable; 201, 208 (next granule), the middle
// (218), 234 and 235 must all be reported against the 201-byte region.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include <kmemsan/kernel.h>
#include <stdio.h>

noinline void krealloc_less_oob(void) {
  size_t size1 = 235, size2 = 201;
  size_t middle = size2 + (size1 - size2) / 2;
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

  ptr2[size2 - 1] = 'x';
  fprintf(stderr, "in-bounds accesses done\n");

  barrier();
  ptr2[size2] = 'x';
  barrier();
  ptr2[208] = 'x'; /* round_up(size2, 8) */
  barrier();
  ptr2[middle] = 'x';
  barrier();
  ptr2[size1 - 1] = 'x';
  barrier();
  ptr2[size1] = 'x';
  barrier();

  kfree(ptr2);
}

int main(void) {
  krealloc_less_oob();
  fprintf(stderr, "krealloc_less_oob: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// CHECK-NOT: BUG: KASAN
// CHECK: in-bounds accesses done

// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in krealloc_less_oob+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Write of size 1 at addr [[#%.16x,OBJ+201]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}krealloc_less_oob+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}krealloc_less_oob+0x
// CHECK: The buggy address belongs to the object at [[#%.16x,OBJ]]
// CHECK-NEXT: {{^ }}which belongs to the cache kmalloc-256 of size 256
// CHECK-NEXT: The buggy address is located 0 bytes to the right of
// CHECK-NEXT: {{^ }}allocated 201-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+201]])
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: }}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================

// CHECK: BUG: KASAN: slab-out-of-bounds in krealloc_less_oob+0x
// CHECK-NEXT: Write of size 1 at addr [[#%.16x,OBJ+208]] by task
// CHECK: The buggy address is located 7 bytes to the right of
// CHECK-NEXT: {{^ }}allocated 201-byte region

// CHECK: BUG: KASAN: slab-out-of-bounds in krealloc_less_oob+0x
// CHECK-NEXT: Write of size 1 at addr [[#%.16x,OBJ+218]] by task
// CHECK: The buggy address is located 17 bytes to the right of
// CHECK-NEXT: {{^ }}allocated 201-byte region

// CHECK: BUG: KASAN: slab-out-of-bounds in krealloc_less_oob+0x
// CHECK-NEXT: Write of size 1 at addr [[#%.16x,OBJ+234]] by task
// CHECK: The buggy address is located 33 bytes to the right of
// CHECK-NEXT: {{^ }}allocated 201-byte region

// CHECK: BUG: KASAN: slab-out-of-bounds in krealloc_less_oob+0x
// CHECK-NEXT: Write of size 1 at addr [[#%.16x,OBJ+235]] by task
// CHECK: The buggy address is located 34 bytes to the right of
// CHECK-NEXT: {{^ }}allocated 201-byte region
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: krealloc_less_oob: done

// COUNT-COUNT-5: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
