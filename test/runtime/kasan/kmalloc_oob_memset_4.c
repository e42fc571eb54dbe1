// kmalloc_oob_memset_4: a 4-byte memset() that starts inside a 120-byte
// kmalloc object (at offset 117) and runs one byte past its end. The range
// touches valid and invalid bytes, so the whole range must be checked, not
// only its start; the report is one write of size 4.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include <kmemsan/kernel.h>
#include <stdio.h>
#include <string.h>

noinline void kmalloc_oob_memset_4(void) {
  size_t size = 128 - 8;
  size_t memset_size = 4;
  char *ptr = kmalloc(size, GFP_KERNEL);

  if (!ptr) {
    fprintf(stderr, "kmalloc failed\n");
    return;
  }
  fprintf(stderr, "object at %016lx\n", (unsigned long)ptr);
  OPTIMIZER_HIDE_VAR(ptr);
  OPTIMIZER_HIDE_VAR(size);
  OPTIMIZER_HIDE_VAR(memset_size);

  barrier();
  memset(ptr + size - 3, 0, memset_size);
  barrier();

  kfree(ptr);
}

int main(void) {
  kmalloc_oob_memset_4();
  fprintf(stderr, "kmalloc_oob_memset_4: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kmalloc_oob_memset_4+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Write of size 4 at addr [[#%.16x,OBJ+117]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK: {{^ }}kmalloc_oob_memset_4+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}kmalloc_oob_memset_4+0x
// CHECK: The buggy address belongs to the object at [[#%.16x,OBJ]]
// CHECK-NEXT: {{^ }}which belongs to the cache kmalloc-128 of size 128
// CHECK-NEXT: The buggy address is located 117 bytes inside of
// CHECK-NEXT: {{^ }}allocated 120-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+120]])
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: }}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: kmalloc_oob_memset_4: done

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
