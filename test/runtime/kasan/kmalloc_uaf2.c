// kmalloc_uaf2: a 43-byte object is freed and another of the same size is
// allocated; the quarantine keeps the first slot from being reused, so a read
// through the stale pointer is still a use-after-free of the first object.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include <kmemsan/kernel.h>
#include <stdio.h>

noinline void kmalloc_uaf2(void) {
  size_t size = 43;
  char *ptr1, *ptr2;

  ptr1 = kmalloc(size, GFP_KERNEL);
  if (!ptr1) {
    fprintf(stderr, "kmalloc failed\n");
    return;
  }
  fprintf(stderr, "object at %016lx\n", (unsigned long)ptr1);
  kfree(ptr1);

  ptr2 = kmalloc(size, GFP_KERNEL);
  if (!ptr2) {
    fprintf(stderr, "kmalloc failed\n");
    return;
  }

  barrier();
  (void)((volatile char *)ptr1)[40];
  barrier();
  fprintf(stderr, "slot reused: %s\n", ptr1 == ptr2 ? "yes" : "no");

  kfree(ptr2);
}

int main(void) {
  kmalloc_uaf2();
  fprintf(stderr, "kmalloc_uaf2: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-use-after-free in kmalloc_uaf2+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size 1 at addr [[#%.16x,OBJ+40]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}kmalloc_uaf2+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}kmalloc_uaf2+0x
// CHECK: Freed by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}kmalloc_uaf2+0x
// CHECK: The buggy address belongs to the object at [[#%.16x,OBJ]]
// CHECK-NEXT: {{^ }}which belongs to the cache kmalloc-64 of size 64
// CHECK-NEXT: The buggy address is located 40 bytes inside of
// CHECK-NEXT: {{^ }}freed 43-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+43]])
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: }}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: slot reused: no
// CHECK: kmalloc_uaf2: done

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
