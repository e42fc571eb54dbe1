// kmalloc_oob_16: a 16-byte struct is copied into a kmalloc object of only
// 13 bytes (cache kmalloc-16); the 16-byte write must be reported as one
// access of size 16 at the start of the object.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log
// RUN: %clang_kmemsan -O2 -g %s -o %t.O2
// RUN: %t.O2 2>&1 | FileCheck %s

#include <kmemsan/kernel.h>
#include <stdio.h>

struct two_words {
  uint64_t words[2];
};

noinline void kmalloc_oob_16(void) {
  struct two_words *ptr1, *ptr2;

  ptr1 = kmalloc(sizeof(*ptr1) - 3, GFP_KERNEL);
  ptr2 = kmalloc(sizeof(*ptr2), GFP_KERNEL);
  if (!ptr1 || !ptr2) {
    fprintf(stderr, "kmalloc failed\n");
    return;
  }
  fprintf(stderr, "object at %016lx\n", (unsigned long)ptr1);
  OPTIMIZER_HIDE_VAR(ptr1);
  OPTIMIZER_HIDE_VAR(ptr2);

  barrier();
  *ptr1 = *ptr2;
  barrier();

  kfree(ptr1);
  kfree(ptr2);
}

int main(void) {
  kmalloc_oob_16();
  fprintf(stderr, "kmalloc_oob_16: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kmalloc_oob_16+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Write of size 16 at addr [[#%.16x,OBJ]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK: {{^ }}kmalloc_oob_16+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}kmalloc_oob_16+0x
// CHECK: The buggy address belongs to the object at [[#%.16x,OBJ]]
// CHECK-NEXT: {{^ }}which belongs to the cache kmalloc-16 of size 16
// CHECK-NEXT: The buggy address is located 0 bytes inside of
// CHECK-NEXT: {{^ }}allocated 13-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+13]])
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: }}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: kmalloc_oob_16: done

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
