// klsan-heap-range: KLSan's instrumentation only calls the runtime for
// values inside [__kmemsan_klsan_heap_start, __kmemsan_klsan_heap_end), so a
// correct runtime sets that range before the first allocation and every
// allocation function hands out memory inside it: the kmalloc family
// (small and page-backed), named caches, vmalloc, pages, krealloc, kmemdup,
// kstrdup, and libc's malloc, calloc, realloc, strdup, strndup,
// posix_memalign, aligned_alloc, memalign, valloc (large and over-aligned
// requests included). A whole object, not only its first byte, lies inside.
// Everything is freed: no report, exit 0, and the same with KASan on too.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t 2>&1 | FileCheck %s
// RUN: %clang_kmemsan --kasan --klsan -O1 -g %s -o %t.both
// RUN: %t.both 2>&1 | FileCheck %s

#define _GNU_SOURCE
#include <kmemsan/kernel.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern uintptr_t __kmemsan_klsan_heap_start, __kmemsan_klsan_heap_end;

static int failures;

static void check(const char *what, const void *p, size_t size) {
  uintptr_t a = (uintptr_t)p;

  if (!p || a < __kmemsan_klsan_heap_start ||
      a + size > __kmemsan_klsan_heap_end || a + size < a) {
    fprintf(stderr, "FAIL: %s(%zu) = %p outside [%#lx, %#lx)\n", what, size, p,
            (unsigned long)__kmemsan_klsan_heap_start,
            (unsigned long)__kmemsan_klsan_heap_end);
    failures++;
  }
}

int main(void) {
  static const size_t sizes[] = {1, 8, 24, 64, 100, 192, 256, 1000,
                                 4096, 8192, 8193, 70000, 1 << 22};
  struct kmem_cache *cache;
  unsigned i;
  void *p;

  if (__kmemsan_klsan_heap_start >= __kmemsan_klsan_heap_end) {
    fprintf(stderr, "FAIL: empty heap range\n");
    return 1;
  }
  for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
    size_t n = sizes[i];
    void *q;

    check("kmalloc", p = kmalloc(n, GFP_KERNEL), n);
    check("krealloc", q = krealloc(p, 2 * n, GFP_KERNEL), 2 * n);
    kfree(q);
    check("kzalloc", p = kzalloc(n, GFP_KERNEL), n);
    kfree(p);
    check("kcalloc", p = kcalloc(n, 2, GFP_KERNEL), 2 * n);
    kfree(p);
    check("vmalloc", p = vmalloc(n), n);
    vfree(p);
    check("vzalloc", p = vzalloc(n), n);
    vfree(p);
    check("malloc", p = malloc(n), n);
    check("realloc", q = realloc(p, n + 100), n + 100);
    free(q);
    check("calloc", p = calloc(n, 1), n);
    free(p);
    check("aligned_alloc", p = aligned_alloc(64, n), n);
    free(p);
    check("memalign", p = memalign(4096, n), n);
    free(p);
    check("valloc", p = valloc(n), n);
    free(p);
    if (posix_memalign(&p, 1 << 16, n) == 0)
      check("posix_memalign", p, n);
    else
      check("posix_memalign", NULL, n);
    free(p);
  }
  check("strdup", p = strdup("a string"), 9);
  free(p);
  check("strndup", p = strndup("a longer string", 4), 5);
  free(p);
  check("kstrdup", p = kstrdup("kernel", GFP_KERNEL), 7);
  kfree(p);
  check("kmemdup", p = kmemdup(sizes, sizeof(sizes), GFP_KERNEL), sizeof(sizes));
  kfree(p);
  cache = kmem_cache_create("klsan_range", 200, 0, SLAB_HWCACHE_ALIGN, NULL);
  check("kmem_cache_alloc", p = kmem_cache_alloc(cache, GFP_KERNEL), 200);
  kmem_cache_free(cache, p);
  kmem_cache_destroy(cache);
  for (i = 0; i <= 4; i++) {
    struct page *page = alloc_pages(GFP_KERNEL, i);
    unsigned long addr = __get_free_pages(GFP_KERNEL, i);

    check("alloc_pages", page_address(page), PAGE_SIZE << i);
    check("__get_free_pages", (void *)addr, PAGE_SIZE << i);
    __free_pages(page, i);
    free_pages(addr, i);
  }
  fprintf(stderr, "heap range: %d failures\n", failures);
  return failures != 0;
}

// CHECK-NOT: FAIL
// CHECK-NOT: BUG: KLSAN
// CHECK: heap range: 0 failures
// CHECK-NOT: BUG: KLSAN
