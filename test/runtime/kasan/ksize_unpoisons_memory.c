// ksize_unpoisons_memory: after ksize() reports the real size of a 123-byte
// kmalloc object (128, cache kmalloc-128), the caller may use all 128 bytes
// (Linux 6.1 semantics): bytes 123..127 are no bug, byte 128 still is.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include <kmemsan/kernel.h>
#include <stdio.h>

noinline void ksize_unpoisons_memory(void) {
  size_t size = 123, real_size, i;
  char *ptr = kmalloc(size, GFP_KERNEL);

  if (!ptr) {
    fprintf(stderr, "kmalloc failed\n");
    return;
  }
  fprintf(stderr, "object at %016lx\n", (unsigned long)ptr);
  real_size = ksize(ptr);
  fprintf(stderr, "ksize %zu\n", real_size);
  OPTIMIZER_HIDE_VAR(ptr);

  /* Up to ksize(): no report. */
  for (i = size; i < real_size; i++)
    ((volatile char *)ptr)[i] = 'x';
  fprintf(stderr, "tail up to ksize written\n");

  barrier();
  (void)((volatile char *)ptr)[real_size];
  barrier();

  kfree(ptr);
}

int main(void) {
  ksize_unpoisons_memory();
  fprintf(stderr, "ksize_unpoisons_memory: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// CHECK: ksize 128
// CHECK-NOT: BUG: KASAN
// CHECK: tail up to ksize written
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in ksize_unpoisons_memory+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size 1 at addr [[#%.16x,OBJ+128]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}ksize_unpoisons_memory+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}ksize_unpoisons_memory+0x
// CHECK: The buggy address belongs to the object at [[#%.16x,OBJ]]
// CHECK-NEXT: {{^ }}which belongs to the cache kmalloc-128 of size 128
// The region may be described by the requested size or by the ksize() the
// caller was granted; the distance must match either way.
// CHECK-NEXT: The buggy address is located {{5 bytes to the right of$|0 bytes to the right of$}}
// CHECK-NEXT: {{^ }}allocated {{123|128}}-byte region {{\[}}[[#%.16x,OBJ]], {{([0-9a-f]{16})}})
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: }}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: ksize_unpoisons_memory: done

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
