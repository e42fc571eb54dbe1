// krealloc_uaf: krealloc() of an already freed 201-byte object must report
// the use-after-free, return NULL and leave the object poisoned, so a later
// read through the stale pointer is reported as well.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include <kmemsan/kernel.h>
#include <stdio.h>

noinline void krealloc_uaf(void) {
  size_t size1 = 201, size2 = 235;
  char *ptr1, *ptr2;

  ptr1 = kmalloc(size1, GFP_KERNEL);
  if (!ptr1) {
    fprintf(stderr, "kmalloc failed\n");
    return;
  }
  fprintf(stderr, "object at %016lx\n", (unsigned long)ptr1);
  kfree(ptr1);

  barrier();
  ptr2 = krealloc(ptr1, size2, GFP_KERNEL);
  barrier();
  fprintf(stderr, "krealloc returned %s\n", ptr2 ? "non-NULL" : "NULL");

  barrier();
  (void)*(volatile char *)ptr1;
  barrier();
}

int main(void) {
  krealloc_uaf();
  fprintf(stderr, "krealloc_uaf: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// krealloc() itself finds the freed object; "in" names krealloc's caller
// (or krealloc, as Linux does, since the check runs inside it).
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-use-after-free in {{krealloc_uaf|krealloc}}+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size 1 at addr [[#%.16x,OBJ]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK: {{^ }}krealloc_uaf+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}krealloc_uaf+0x
// CHECK: Freed by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}krealloc_uaf+0x
// CHECK: The buggy address belongs to the object at [[#%.16x,OBJ]]
// CHECK-NEXT: {{^ }}which belongs to the cache kmalloc-256 of size 256
// CHECK-NEXT: The buggy address is located 0 bytes inside of
// CHECK-NEXT: {{^ }}freed 201-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+201]])
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: krealloc returned NULL

// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-use-after-free in krealloc_uaf+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size 1 at addr [[#%.16x,OBJ]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}krealloc_uaf+0x
// CHECK: Freed by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}krealloc_uaf+0x
// CHECK: The buggy address is located 0 bytes inside of
// CHECK-NEXT: {{^ }}freed 201-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+201]])
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: krealloc_uaf: done

// COUNT-COUNT-2: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
