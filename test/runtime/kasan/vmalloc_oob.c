// vmalloc_oob: a vmalloc area of PAGE_SIZE / 2 - 13 = 2035 bytes is used in
// bounds, then read one byte past its end (unaligned) and inside the first
// granule after it (aligned). Both are vmalloc-out-of-bounds.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log
// RUN: %clang_kmemsan -O1 -g --kmemsan-opt=kasan-mode=inline %s -o %t.inline
// RUN: %t.inline 2>&1 | FileCheck %s

#include <kmemsan/kernel.h>
#include <stdio.h>

noinline void vmalloc_oob(void) {
  size_t size = PAGE_SIZE / 2 - 8 - 5;
  char *v_ptr = vmalloc(size);

  if (!v_ptr) {
    fprintf(stderr, "vmalloc failed\n");
    return;
  }
  fprintf(stderr, "area at %016lx\n", (unsigned long)v_ptr);
  OPTIMIZER_HIDE_VAR(v_ptr);

  v_ptr[0] = 0;
  v_ptr[size - 1] = 0;
  fprintf(stderr, "in-bounds accesses done\n");

  barrier();
  (void)((volatile char *)v_ptr)[size];
  barrier();
  (void)((volatile char *)v_ptr)[size + 5];
  barrier();

  vfree(v_ptr);
}

int main(void) {
  vmalloc_oob();
  fprintf(stderr, "vmalloc_oob: done\n");
  return 0;
}

// CHECK: area at [[#%.16x,OBJ:]]
// CHECK-NOT: BUG: KASAN
// CHECK: in-bounds accesses done

// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: vmalloc-out-of-bounds in vmalloc_oob+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size 1 at addr [[#%.16x,OBJ+2035]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}vmalloc_oob+0x
// CHECK: The buggy address belongs to a vmalloc virtual mapping
// CHECK: The buggy address is located 0 bytes to the right of
// CHECK-NEXT: {{^ }}allocated 2035-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+2035]])
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: ([0-9a-f]{2} )*03 f8}}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================

// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: vmalloc-out-of-bounds in vmalloc_oob+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size 1 at addr [[#%.16x,OBJ+2040]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}vmalloc_oob+0x
// CHECK: The buggy address belongs to a vmalloc virtual mapping
// CHECK: The buggy address is located 5 bytes to the right of
// CHECK-NEXT: {{^ }}allocated 2035-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+2035]])
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: vmalloc_oob: done

// COUNT-COUNT-2: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
