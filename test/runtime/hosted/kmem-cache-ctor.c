// kmem-cache-ctor: a named cache built by kmem_cache_create() runs its
// constructor once per slot, when the slot is first handed out (as SLUB
// does); a reused slot keeps what the previous user left. SLAB_HWCACHE_ALIGN
// and an explicit alignment are honoured, kmem_cache_alloc_bulk() fills
// every slot, and a bad access is reported under the cache's own name.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: env KMEMSAN_OPTIONS=quarantine_size_mb=0 %t 2>&1 | FileCheck %s

#include <kmemsan/kernel.h>
#include <stdint.h>
#include <stdio.h>

struct item {
  int constructed;
  int uses;
  char payload[52];
};

static int ctor_calls;

static void item_ctor(void *p) {
  struct item *it = p;
  it->constructed = 1;
  it->uses = 0;
  ctor_calls++;
}

noinline static void item_oob(struct item *it) {
  OPTIMIZER_HIDE_VAR(it);
  ((char *)it)[sizeof(*it)] = 1;
}

int main(void) {
  struct kmem_cache *c =
      kmem_cache_create("test_items", sizeof(struct item), 0, SLAB_HWCACHE_ALIGN, item_ctor);
  struct item *a = kmem_cache_alloc(c, GFP_KERNEL);
  if (!a->constructed || ctor_calls != 1 || (uintptr_t)a % 64)
    fprintf(stderr, "FAILED: first object\n");
  a->uses = 7;
  kmem_cache_free(c, a);
  // No quarantine: the same slot comes back, not constructed again.
  struct item *b = kmem_cache_alloc(c, GFP_KERNEL);
  if (b != a || b->uses != 7 || ctor_calls != 1)
    fprintf(stderr, "FAILED: reuse (ctor_calls %d)\n", ctor_calls);

  void *objs[100];
  if (kmem_cache_alloc_bulk(c, GFP_KERNEL, 100, objs) != 100)
    fprintf(stderr, "FAILED: bulk\n");
  for (int i = 0; i < 100; i++)
    if (!((struct item *)objs[i])->constructed || (uintptr_t)objs[i] % 64)
      fprintf(stderr, "FAILED: bulk object %d\n", i);
  kmem_cache_free_bulk(c, 100, objs);

  struct kmem_cache *aligned = kmem_cache_create("test_aligned", 24, 256, 0, NULL);
  for (int i = 0; i < 20; i++) {
    void *p = kmem_cache_zalloc(aligned, GFP_KERNEL);
    if ((uintptr_t)p % 256 || ((char *)p)[23] != 0)
      fprintf(stderr, "FAILED: aligned object %d\n", i);
  }
  fprintf(stderr, "checks done, %d constructor calls\n", ctor_calls);
  item_oob(b);
  kmem_cache_free(c, b);
  kmem_cache_destroy(c);
  return 0;
}

// CHECK-NOT: FAILED
// CHECK: checks done, 101 constructor calls
// CHECK: BUG: KASAN: slab-out-of-bounds in item_oob
// CHECK: Write of size 1 at addr
// CHECK: which belongs to the cache test_items of size 60
// CHECK: The buggy address is located 0 bytes to the right of
// CHECK-NEXT: allocated 60-byte region
