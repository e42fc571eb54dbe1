// kmem_cache_invalid_free: kmem_cache_free() of a pointer one byte inside an
// object of a 200-byte named cache. It is reported as an invalid free and the
// object is left alone, so freeing it properly afterwards is fine.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include <kmemsan/kernel.h>
#include <stdio.h>

noinline void kmem_cache_invalid_free(void) {
  size_t size = 200;
  struct kmem_cache *cache;
  char *p;

  cache = kmem_cache_create("test_cache", size, 0, 0, NULL);
  if (!cache) {
    fprintf(stderr, "kmem_cache_create failed\n");
    return;
  }
  p = kmem_cache_alloc(cache, GFP_KERNEL);
  if (!p) {
    fprintf(stderr, "kmem_cache_alloc failed\n");
    kmem_cache_destroy(cache);
    return;
  }
  fprintf(stderr, "object at %016lx\n", (unsigned long)p);
  OPTIMIZER_HIDE_VAR(p);

  barrier();
  kmem_cache_free(cache, p + 1);
  barrier();
  fprintf(stderr, "after the invalid free\n");

  /* Still allocated: usable, and freeing it properly is not a bug. */
  p[0] = 1;
  p[size - 1] = 1;
  kmem_cache_free(cache, p);
  kmem_cache_destroy(cache);
}

int main(void) {
  kmem_cache_invalid_free();
  fprintf(stderr, "kmem_cache_invalid_free: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: invalid-free in kmem_cache_invalid_free+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Free of addr [[#%.16x,OBJ+1]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK: {{^ }}kmem_cache_invalid_free+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}kmem_cache_invalid_free+0x
// CHECK-NOT: Freed by task
// CHECK: The buggy address belongs to the object at [[#%.16x,OBJ]]
// CHECK-NEXT: {{^ }}which belongs to the cache test_cache of size 200
// CHECK-NEXT: The buggy address is located 1 bytes inside of
// CHECK-NEXT: {{^ }}allocated 200-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+200]])
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: after the invalid free
// CHECK-NOT: BUG: KASAN
// CHECK: kmem_cache_invalid_free: done

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
