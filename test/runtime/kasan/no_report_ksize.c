// no_report_ksize: after ksize() says how big a kmalloc object really is,
// the whole ksize() bytes are usable (Linux 6.1 semantics), for slab sizes
// and page-allocator sizes, byte by byte and with memset/memcpy.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: %clang_kmemsan -O1 -g --kmemsan-opt=kasan-mode=inline %s -o %t.inline
// RUN: %t.inline 2>&1 | FileCheck %s

#include <kmemsan/kernel.h>
#include <stdio.h>
#include <string.h>

static const size_t sizes[] = {1,   3,   8,    13,   17,   33,   63,
                               65,  97,  100,  115,  123,  129,  200,
                               255, 257, 1000, 2000, 4000, 5000, 8191,
                               8193, 9000, 20000};

static noinline int use_up_to_ksize(size_t size) {
  char *p = kmalloc(size, GFP_KERNEL);
  size_t real, i;
  int ok = 1;

  if (!p)
    return 0;
  real = ksize(p);
  if (real < size)
    ok = 0;
  OPTIMIZER_HIDE_VAR(p);
  for (i = 0; i < real; i++)
    ((volatile char *)p)[i] = (char)i;
  for (i = 0; i < real; i++)
    if (((volatile char *)p)[i] != (char)i)
      ok = 0;
  memset(p, 0x5a, real);
  if (real >= 2)
    memmove(p + 1, p, real - 1);
  kfree(p);
  return ok;
}

int main(void) {
  size_t i;
  int ok = 1;

  for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
    ok &= use_up_to_ksize(sizes[i]);
  fprintf(stderr, "no_report_ksize: done (%s)\n", ok ? "ok" : "wrong ksize");
  return 0;
}

// CHECK-NOT: BUG: KASAN
// CHECK: no_report_ksize: done (ok)
// CHECK-NOT: BUG: KASAN
