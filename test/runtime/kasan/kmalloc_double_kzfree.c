// kmalloc_double_kzfree: kfree_sensitive() (formerly kzfree) called twice on
// a 16-byte kmalloc object. The second call must be caught before it wipes or
// frees anything: as a use of the freed object (kfree_sensitive checks it
// before zeroing it, like Linux's ksize()) and/or as a double free.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log

#include <kmemsan/kernel.h>
#include <stdio.h>

noinline void kmalloc_double_kzfree(void) {
  size_t size = 16;
  char *ptr = kmalloc(size, GFP_KERNEL);

  if (!ptr) {
    fprintf(stderr, "kmalloc failed\n");
    return;
  }
  fprintf(stderr, "object at %016lx\n", (unsigned long)ptr);
  kfree_sensitive(ptr);
  fprintf(stderr, "first kfree_sensitive done\n");

  barrier();
  kfree_sensitive(ptr);
  barrier();
}

int main(void) {
  kmalloc_double_kzfree();
  fprintf(stderr, "kmalloc_double_kzfree: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// CHECK-NOT: BUG: KASAN
// CHECK: first kfree_sensitive done
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KASAN: {{double-free|slab-use-after-free}} in kmalloc_double_kzfree+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: {{(Free of|Read of size [0-9]+ at)}} addr [[#%.16x,OBJ]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK: {{^ }}kmalloc_double_kzfree+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}kmalloc_double_kzfree+0x
// CHECK: Freed by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}kmalloc_double_kzfree+0x
// CHECK: The buggy address belongs to the object at [[#%.16x,OBJ]]
// CHECK-NEXT: {{^ }}which belongs to the cache kmalloc-16 of size 16
// CHECK-NEXT: The buggy address is located 0 bytes inside of
// CHECK-NEXT: {{^ }}freed 16-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+16]])
// CHECK: ==================================================================
// CHECK: kmalloc_double_kzfree: done
// CHECK-NOT: BUG: KASAN
