// no_report_bulk_cache_alloc: kmem_cache_alloc_bulk() hands out N usable
// objects (first and last byte written), kmem_cache_free_bulk() frees them
// all; repeated so that freed objects come back, with no report.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log

#include <kmemsan/kernel.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  size_t size = 200;
  struct kmem_cache *cache;
  char *p[10];
  int round, i, got = 0;

  cache = kmem_cache_create("test_cache", size, 0, 0, NULL);
  if (!cache) {
    fprintf(stderr, "kmem_cache_create failed\n");
    return 1;
  }
  for (round = 0; round < 100; round++) {
    int n = kmem_cache_alloc_bulk(cache, GFP_KERNEL, ARRAY_SIZE(p), (void **)p);
    if (n != (int)ARRAY_SIZE(p)) {
      fprintf(stderr, "kmem_cache_alloc_bulk returned %d\n", n);
      break;
    }
    for (i = 0; i < (int)ARRAY_SIZE(p); i++) {
      p[i][0] = p[i][size - 1] = 42;
      memset(p[i], i, size);
    }
    got += n;
    kmem_cache_free_bulk(cache, ARRAY_SIZE(p), (void **)p);
  }
  kmem_cache_destroy(cache);
  fprintf(stderr, "no_report_bulk_cache_alloc: done (%d objects)\n", got);
  return 0;
}

// CHECK-NOT: BUG: KASAN
// CHECK: no_report_bulk_cache_alloc: done (1000 objects)
// CHECK-NOT: BUG: KASAN
