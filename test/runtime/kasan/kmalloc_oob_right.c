// kmalloc_oob_right: a 115-byte kmalloc object (cache kmalloc-128) is written
// one byte past the requested size, written inside the first granule after it,
// and read past the 128-byte slot. Generic KASAN is byte-precise, so all three
// are reported, each with its distance to the right of the requested region.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log
// RUN: %clang_kmemsan -O0 -g %s -o %t.O0
// RUN: %t.O0 2>&1 | FileCheck %s
// RUN: %clang_kmemsan -O2 -g %s -o %t.O2
// RUN: %t.O2 2>&1 | FileCheck %s
// RUN: %clang_kmemsan -O1 -g --kmemsan-opt=kasan-mode=inline %s -o %t.inline
// RUN: %t.inline 2>&1 | FileCheck %s

#include <kmemsan/kernel.h>
#include <stdio.h>

noinline void kmalloc_oob_right(void) {
  size_t size = 128 - 8 - 5;
  char *ptr = kmalloc(size, GFP_KERNEL);

  if (!ptr) {
    fprintf(stderr, "kmalloc failed\n");
    return;
  }
  fprintf(stderr, "object at %016lx\n", (unsigned long)ptr);
  OPTIMIZER_HIDE_VAR(ptr);

  barrier();
  ptr[size] = 'x';
  barrier();
  ptr[size + 5] = 'y';
  barrier();
  ptr[0] = ptr[size + 8 + 5];
  barrier();

  kfree(ptr);
}

int main(void) {
  kmalloc_oob_right();
  fprintf(stderr, "kmalloc_oob_right: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]

// Unaligned, one byte past the 115 requested bytes.
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kmalloc_oob_right+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Write of size 1 at addr [[#%.16x,OBJ+115]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}kmalloc_oob_right+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}kmalloc_oob_right+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK: The buggy address belongs to the object at [[#%.16x,OBJ]]
// CHECK-NEXT: {{^ }}which belongs to the cache kmalloc-128 of size 128
// CHECK-NEXT: The buggy address is located 0 bytes to the right of
// CHECK-NEXT: {{^ }}allocated 115-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+115]])
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: ([0-9a-f]{2} )*03}}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================

// Aligned, inside the first granule after the region.
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kmalloc_oob_right+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Write of size 1 at addr [[#%.16x,OBJ+120]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}kmalloc_oob_right+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}kmalloc_oob_right+0x
// CHECK: The buggy address belongs to the object at [[#%.16x,OBJ]]
// CHECK-NEXT: {{^ }}which belongs to the cache kmalloc-128 of size 128
// CHECK-NEXT: The buggy address is located 5 bytes to the right of
// CHECK-NEXT: {{^ }}allocated 115-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+115]])
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: }}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================

// A read past the whole 128-byte slot.
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kmalloc_oob_right+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size 1 at addr [[#%.16x,OBJ+128]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}kmalloc_oob_right+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}kmalloc_oob_right+0x
// CHECK: The buggy address belongs to the object at [[#%.16x,OBJ]]
// CHECK-NEXT: {{^ }}which belongs to the cache kmalloc-128 of size 128
// CHECK-NEXT: The buggy address is located 13 bytes to the right of
// CHECK-NEXT: {{^ }}allocated 115-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+115]])
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: }}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: kmalloc_oob_right: done

// COUNT-COUNT-3: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
