// kmalloc_pagealloc_oob_right: a kmalloc request too big for any slab cache
// (KMALLOC_MAX_CACHE_SIZE + 10) comes from the page allocator; a write one
// byte past the requested size hits the page redzone. Generic KASAN calls
// that slab-out-of-bounds too, and describes the memory by its page.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log
// RUN: %clang_kmemsan -O1 -g --kmemsan-opt=kasan-mode=inline %s -o %t.inline
// RUN: %t.inline 2>&1 | FileCheck %s

#include <kmemsan/kernel.h>
#include <stdio.h>

noinline void kmalloc_pagealloc_oob_right(void) {
  size_t size = KMALLOC_MAX_CACHE_SIZE + 10;
  char *ptr = kmalloc(size, GFP_KERNEL);

  if (!ptr) {
    fprintf(stderr, "kmalloc failed\n");
    return;
  }
  fprintf(stderr, "object at %016lx\n", (unsigned long)ptr);
  OPTIMIZER_HIDE_VAR(ptr);

  barrier();
  ptr[size] = 0;
  barrier();

  kfree(ptr);
}

int main(void) {
  kmalloc_pagealloc_oob_right();
  fprintf(stderr, "kmalloc_pagealloc_oob_right: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kmalloc_pagealloc_oob_right+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Write of size 1 at addr [[#%.16x,OBJ+8202]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}kmalloc_pagealloc_oob_right+0x
// CHECK-NOT: which belongs to the cache
// CHECK: The buggy address belongs to the physical page:
// CHECK-NOT: which belongs to the cache
// CHECK: The buggy address is located 0 bytes to the right of
// CHECK-NEXT: {{^ }}allocated 8202-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+8202]])
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: }}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: kmalloc_pagealloc_oob_right: done

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
