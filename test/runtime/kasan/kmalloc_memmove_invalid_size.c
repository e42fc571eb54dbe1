// kmalloc_memmove_invalid_size: memmove() of 64 bytes from offset 4 of a
// 64-byte kmalloc object reads 4 bytes past its end; the report is one read
// of size 64 starting at the source.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include <kmemsan/kernel.h>
#include <stdio.h>
#include <string.h>

noinline void kmalloc_memmove_invalid_size(void) {
  size_t size = 64;
  size_t invalid_size = size;
  char *ptr = kmalloc(size, GFP_KERNEL);

  if (!ptr) {
    fprintf(stderr, "kmalloc failed\n");
    return;
  }
  fprintf(stderr, "object at %016lx\n", (unsigned long)ptr);
  memset(ptr, 0, 64);
  OPTIMIZER_HIDE_VAR(ptr);
  OPTIMIZER_HIDE_VAR(invalid_size);

  barrier();
  memmove(ptr, ptr + 4, invalid_size);
  barrier();

  kfree(ptr);
}

int main(void) {
  kmalloc_memmove_invalid_size();
  fprintf(stderr, "kmalloc_memmove_invalid_size: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// CHECK-NOT: BUG: KASAN
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kmalloc_memmove_invalid_size+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size 64 at addr [[#%.16x,OBJ+4]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK: {{^ }}kmalloc_memmove_invalid_size+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}kmalloc_memmove_invalid_size+0x
// CHECK: The buggy address belongs to the object at [[#%.16x,OBJ]]
// CHECK-NEXT: {{^ }}which belongs to the cache kmalloc-64 of size 64
// CHECK-NEXT: The buggy address is located 4 bytes inside of
// CHECK-NEXT: {{^ }}allocated 64-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+64]])
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: }}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: kmalloc_memmove_invalid_size: done

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
