// no_report_inbounds_all_sizes: in-bounds accesses must never be reported.
// Objects of many sizes (every size up to 264, then sizes around each power
// of two and cache boundary up to page-allocator sizes, plus named-cache
// objects, vmalloc areas and pages) are read and written with accesses of
// 1, 2, 4, 8 and 16 bytes and odd sizes (3, 5, 6, 7, 9..15) at every
// alignment 0..7 from the start and every alignment 0..7 from the end, up to
// the last valid byte.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: %clang_kmemsan -O2 -g %s -o %t.O2
// RUN: %t.O2 2>&1 | FileCheck %s
// RUN: %clang_kmemsan -O0 -g %s -o %t.O0
// RUN: %t.O0 2>&1 | FileCheck %s
// RUN: %clang_kmemsan -O1 -g --kmemsan-opt=kasan-mode=inline %s -o %t.inline
// RUN: %t.inline 2>&1 | FileCheck %s

#include <kmemsan/kernel.h>
#include <stdio.h>
#include <string.h>

/* Unaligned scalar and vector types: one load or store of exactly N bytes. */
typedef uint16_t u16_u __attribute__((aligned(1)));
typedef uint32_t u32_u __attribute__((aligned(1)));
typedef uint64_t u64_u __attribute__((aligned(1)));
typedef uint64_t v128_u __attribute__((vector_size(16), aligned(1)));

static unsigned long accesses;

/* One read and one write of SIZE bytes at P; the result feeds a sink. */
static noinline void access_at(char *p, size_t size) {
  unsigned char buf[16];

  switch (size) {
  case 1:
    *(volatile uint8_t *)p = *(volatile uint8_t *)p + 1;
    break;
  case 2:
    *(volatile u16_u *)p = *(volatile u16_u *)p + 1;
    break;
  case 4:
    *(volatile u32_u *)p = *(volatile u32_u *)p + 1;
    break;
  case 8:
    *(volatile u64_u *)p = *(volatile u64_u *)p + 1;
    break;
  case 16: {
    v128_u v = *(volatile v128_u *)p;
    v += 1;
    *(volatile v128_u *)p = v;
    break;
  }
  default:
    /* Odd sizes: a fixed-size copy the compiler may lower to loads of
       that exact width (i24, i40, ...) or keep as a mem intrinsic. */
#define ODD(n)                                                                 \
  case n:                                                                      \
    memcpy(buf, p, n);                                                         \
    buf[0]++;                                                                  \
    memcpy(p, buf, n);                                                         \
    break;
    switch (size) {
      ODD(3) ODD(5) ODD(6) ODD(7) ODD(9) ODD(10) ODD(11) ODD(12) ODD(13)
      ODD(14) ODD(15)
    }
#undef ODD
  }
  accesses++;
}

static const size_t access_sizes[] = {1, 2, 3,  4,  5,  6,  7, 8,
                                      9, 10, 11, 12, 13, 14, 15, 16};

/* Every access size at offsets 0..7 and at the last 8 offsets that fit. */
static noinline void access_all(char *p, size_t size) {
  size_t i, off;

  for (i = 0; i < ARRAY_SIZE(access_sizes); i++) {
    size_t a = access_sizes[i];
    if (a > size)
      break;
    for (off = 0; off <= size - a && off < 8; off++)
      access_at(p + off, a);
    for (off = size - a >= 7 ? size - a - 7 : 0; off <= size - a; off++)
      access_at(p + off, a);
  }
  /* Every byte, one at a time. */
  for (off = 0; off < size; off++)
    ((volatile char *)p)[off] = (char)off;
}

static const size_t big_sizes[] = {
    300,  383,  384,  385,  500,  511,  512,  513,  700,   767,   768,
    769,  1000, 1023, 1024, 1025, 1500, 2047, 2048, 2049,  3000,  4095,
    4096, 4097, 6000, 8191, 8192, 8193, 8202, 10000, 16384, 20000, 65536};

int main(void) {
  size_t i, size;
  char *p;

  for (size = 1; size <= 264; size++) {
    p = kmalloc(size, GFP_KERNEL);
    access_all(p, size);
    kfree(p);
    p = kzalloc(size, GFP_KERNEL);
    access_all(p, size);
    kfree(p);
  }
  fprintf(stderr, "small kmalloc sizes done\n");

  for (i = 0; i < ARRAY_SIZE(big_sizes); i++) {
    size = big_sizes[i];
    p = kmalloc(size, GFP_KERNEL);
    access_all(p, size);
    kfree(p);
    p = kmalloc_node(size, GFP_KERNEL, NUMA_NO_NODE);
    access_all(p, size);
    kfree(p);
  }
  fprintf(stderr, "big kmalloc sizes done\n");

  /* krealloc: the new size is fully usable, growing and shrinking. */
  p = kmalloc(10, GFP_KERNEL);
  for (size = 11; size < 9000; size = size * 3 / 2) {
    p = krealloc(p, size, GFP_KERNEL);
    access_all(p, size);
  }
  for (; size > 4; size = size / 2) {
    p = krealloc(p, size, GFP_KERNEL);
    access_all(p, size);
  }
  kfree(p);
  fprintf(stderr, "krealloc sizes done\n");

  {
    static const unsigned int cache_sizes[] = {1, 7, 24, 100, 200, 333, 4000};
    for (i = 0; i < ARRAY_SIZE(cache_sizes); i++) {
      struct kmem_cache *c =
          kmem_cache_create("inbounds_cache", cache_sizes[i], 0, 0, NULL);
      p = kmem_cache_alloc(c, GFP_KERNEL);
      access_all(p, cache_sizes[i]);
      kmem_cache_free(c, p);
      p = kmem_cache_zalloc(c, GFP_KERNEL);
      access_all(p, cache_sizes[i]);
      kmem_cache_free(c, p);
      kmem_cache_destroy(c);
    }
  }
  fprintf(stderr, "kmem_cache sizes done\n");

  {
    static const unsigned long vsizes[] = {1, 100, 2035, 4096, 5000, 70000};
    for (i = 0; i < ARRAY_SIZE(vsizes); i++) {
      p = vmalloc(vsizes[i]);
      access_all(p, vsizes[i]);
      vfree(p);
      p = vzalloc(vsizes[i]);
      access_all(p, vsizes[i]);
      vfree(p);
    }
  }
  fprintf(stderr, "vmalloc sizes done\n");

  {
    unsigned int order;
    for (order = 0; order <= 2; order++) {
      struct page *pg = alloc_pages(GFP_KERNEL, order);
      p = page_address(pg);
      access_all(p, PAGE_SIZE << order);
      __free_pages(pg, order);
      p = (char *)__get_free_pages(GFP_KERNEL, order);
      access_all(p, PAGE_SIZE << order);
      free_pages((unsigned long)p, order);
    }
  }
  fprintf(stderr, "page sizes done\n");

  fprintf(stderr, "no_report_inbounds_all_sizes: done (%s)\n",
          accesses > 100000 ? "many accesses" : "too few accesses");
  return 0;
}

// CHECK-NOT: BUG: KASAN
// CHECK: small kmalloc sizes done
// CHECK-NOT: BUG: KASAN
// CHECK: big kmalloc sizes done
// CHECK-NOT: BUG: KASAN
// CHECK: krealloc sizes done
// CHECK-NOT: BUG: KASAN
// CHECK: kmem_cache sizes done
// CHECK-NOT: BUG: KASAN
// CHECK: vmalloc sizes done
// CHECK-NOT: BUG: KASAN
// CHECK: page sizes done
// CHECK-NOT: BUG: KASAN
// CHECK: no_report_inbounds_all_sizes: done (many accesses)
// CHECK-NOT: BUG: KASAN
