// kasan_memchr: memchr() over 25 bytes of a zeroed 24-byte kmalloc object
// (cache kmalloc-32) reads one byte too many. The report names the caller of
// memchr(); the access size is whatever range the runtime checks.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include <kmemsan/kernel.h>
#include <stdio.h>
#include <string.h>

void *volatile kasan_ptr_result;

noinline void kasan_memchr(void) {
  size_t size = 24;
  char *ptr = kmalloc(size, GFP_KERNEL | __GFP_ZERO);

  if (!ptr) {
    fprintf(stderr, "kmalloc failed\n");
    return;
  }
  fprintf(stderr, "object at %016lx\n", (unsigned long)ptr);
  OPTIMIZER_HIDE_VAR(ptr);
  OPTIMIZER_HIDE_VAR(size);

  barrier();
  kasan_ptr_result = memchr(ptr, '1', size + 1);
  barrier();

  kfree(ptr);
}

int main(void) {
  kasan_memchr();
  fprintf(stderr, "kasan_memchr: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kasan_memchr+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size {{[0-9]+}} at addr {{([0-9a-f]{16})}} by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK: {{^ }}kasan_memchr+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}kasan_memchr+0x
// CHECK: The buggy address belongs to the object at [[#%.16x,OBJ]]
// CHECK-NEXT: {{^ }}which belongs to the cache kmalloc-32 of size 32
// CHECK-NEXT: The buggy address is located {{[0-9]+}} bytes {{inside|to the right}} of
// CHECK-NEXT: {{^ }}allocated 24-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+24]])
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: kasan_memchr: done

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
