// ksize_uaf: ksize() of a freed 120-byte kmalloc object is a use-after-free
// (ksize() checks the object's first byte), and so are later reads through
// the stale pointer: at its start, and at its end (offset 120).
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include <kmemsan/kernel.h>
#include <stdio.h>

static volatile size_t ksize_result;

noinline void ksize_uaf(void) {
  int size = 128 - 8;
  char *ptr = kmalloc(size, GFP_KERNEL);

  if (!ptr) {
    fprintf(stderr, "kmalloc failed\n");
    return;
  }
  fprintf(stderr, "object at %016lx\n", (unsigned long)ptr);
  kfree(ptr);
  OPTIMIZER_HIDE_VAR(ptr);

  barrier();
  ksize_result = ksize(ptr);
  barrier();
  fprintf(stderr, "after ksize\n");
  (void)((volatile char *)ptr)[0];
  barrier();
  fprintf(stderr, "after the first read\n");
  (void)((volatile char *)ptr)[size];
  barrier();
}

int main(void) {
  ksize_uaf();
  fprintf(stderr, "ksize_uaf: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// ksize() checks the byte inside the allocator; "in" may name ksize itself
// (as Linux does) or its caller.
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-use-after-free in {{ksize_uaf|ksize}}+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size 1 at addr [[#%.16x,OBJ]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK: {{^ }}ksize_uaf+0x
// CHECK: Freed by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}ksize_uaf+0x
// CHECK: The buggy address belongs to the object at [[#%.16x,OBJ]]
// CHECK-NEXT: {{^ }}which belongs to the cache kmalloc-128 of size 128
// CHECK-NEXT: The buggy address is located 0 bytes inside of
// CHECK-NEXT: {{^ }}freed 120-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+120]])
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: after ksize

// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-use-after-free in ksize_uaf+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size 1 at addr [[#%.16x,OBJ]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}ksize_uaf+0x
// CHECK: Freed by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}ksize_uaf+0x
// CHECK: The buggy address is located 0 bytes inside of
// CHECK-NEXT: {{^ }}freed 120-byte region
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: after the first read

// Offset 120 is past the freed region, in the slot's tail: Linux calls that
// slab-out-of-bounds (redzone shadow) or slab-use-after-free if the whole
// slot was poisoned as freed. Either way it is described against the freed
// object.
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: {{slab-use-after-free|slab-out-of-bounds}} in ksize_uaf+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size 1 at addr [[#%.16x,OBJ+120]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}ksize_uaf+0x
// CHECK: The buggy address belongs to the object at [[#%.16x,OBJ]]
// CHECK-NEXT: {{^ }}which belongs to the cache kmalloc-128 of size 128
// CHECK-NEXT: The buggy address is located 0 bytes to the right of
// CHECK-NEXT: {{^ }}freed 120-byte region
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: ksize_uaf: done

// COUNT-COUNT-3: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
