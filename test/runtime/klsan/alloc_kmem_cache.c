// alloc_kmem_cache: an object from a named cache (kmem_cache_create,
// 200-byte objects) leaked once: one report naming the function that called
// kmem_cache_alloc and the cache by its name and object size.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include "Inputs/klsan_test.h"

static struct kmem_cache *test_cache;
static void *slot;

static noinline void alloc_from_cache(void) {
  slot = kmem_cache_alloc(test_cache, GFP_KERNEL);
  fprintf(stderr, "object at %016lx, slot at %016lx\n", (unsigned long)slot,
          (unsigned long)&slot);
}

static noinline void forget_object(void) { WRITE_ONCE(slot, NULL); }

int main(void) {
  test_cache = kmem_cache_create("klsan_test_cache", 200, 0, 0, NULL);
  alloc_from_cache();
  forget_object();
  trigger_safe_point();
  /* The cache stays: destroying it with an object in it is another bug. */
  fprintf(stderr, "alloc_kmem_cache: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]], slot at [[#%.16x,SLOT:]]
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KLSAN: memory leak in forget_object+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// CHECK-NEXT: Last reference to 200-byte object at [[#%.16x,OBJ]] was overwritten
// CHECK-NEXT: {{^ }}at addr [[#%.16x,SLOT]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}forget_object+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}alloc_from_cache+0x
// CHECK: {{^}}The object belongs to the cache klsan_test_cache of size 200
// CHECK: ==================================================================
// CHECK-NOT: BUG: KLSAN
// CHECK: alloc_kmem_cache: done

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
