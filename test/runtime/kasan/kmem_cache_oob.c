// kmem_cache_oob: an object of a 200-byte named cache is read one byte past
// its end; the report names the cache and its object size.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log
// RUN: %clang_kmemsan -O1 -g --kmemsan-opt=kasan-mode=inline %s -o %t.inline
// RUN: %t.inline 2>&1 | FileCheck %s

#include <kmemsan/kernel.h>
#include <stdio.h>

noinline void kmem_cache_oob(void) {
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
  *p = p[size];
  barrier();

  kmem_cache_free(cache, p);
  kmem_cache_destroy(cache);
}

int main(void) {
  kmem_cache_oob();
  fprintf(stderr, "kmem_cache_oob: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kmem_cache_oob+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size 1 at addr [[#%.16x,OBJ+200]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}kmem_cache_oob+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}kmem_cache_oob+0x
// CHECK: The buggy address belongs to the object at [[#%.16x,OBJ]]
// CHECK-NEXT: {{^ }}which belongs to the cache test_cache of size 200
// CHECK-NEXT: The buggy address is located 0 bytes to the right of
// CHECK-NEXT: {{^ }}allocated 200-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+200]])
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: }}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: kmem_cache_oob: done

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
