// own-kernel-api: a program that defines its own kmalloc(), kfree() and
// kmem_cache_free_bulk() (as harnesses that run kernel code in userspace
// do, e.g. Linux's tools/testing/radix-tree) links against the runtime,
// whose kernel-flavoured API gives way to the program's. A correct tool
// calls the program's definitions (each counts its calls), and still checks
// the memory they take from malloc: the overflow of the 20-byte buffer is
// a heap-buffer overflow (slab-out-of-bounds write of size 1) in main,
// allocated by the program's kmalloc (its own source line in the stack).
//
// RUN: %clang_kmemsan --kasan -O0 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log

#include <stdio.h>
#include <stdlib.h>

typedef unsigned int gfp_t;
static int own_calls;

void *kmalloc(size_t size, gfp_t flags) {
  (void)flags;
  own_calls++;
  return malloc(size);
}

void kfree(const void *p) {
  own_calls++;
  free((void *)p);
}

void kmem_cache_free_bulk(void *cache, size_t n, void **objects) {
  (void)cache;
  own_calls++;
  for (size_t i = 0; i < n; i++)
    free(objects[i]);
}

int main(void) {
  char *a = kmalloc(16, 0);
  void *b[2] = {kmalloc(8, 0), kmalloc(8, 0)};
  kmem_cache_free_bulk(NULL, 2, b);
  kfree(a);
  // CHECK: own kernel API calls: 5
  fprintf(stderr, "own kernel API calls: %d\n", own_calls);
  volatile char *c = kmalloc(20, 0);
  // CHECK: BUG: KASAN: slab-out-of-bounds in main
  // CHECK: Write of size 1 at addr
  // CHECK: Allocated by task
  // CHECK-NEXT: kmalloc+{{.*}} (own-kernel-api.c:[[@LINE-26]])
  c[20] = 1;
  return 0;
}
