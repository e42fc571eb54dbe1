// nr_invalid_size_copy: memmove() and memcpy() inside a kmalloc object with
// a "negative" size, word-aligned source and destination, with both
// detectors on. KASan reports each (out-of-bounds, huge size) and the checked
// functions copy nothing; KLSan must then move no tags: the copy did not
// happen, and walking its range (2^61 words) would never end. The object
// holds the only reference to a child, which stays counted: no leak report,
// and the program reaches its end. Linux 6.12's KASAN KUnit suite
// (kmalloc_memmove_negative_size) hung on this before it was fixed.
//
// RUN: %clang_kmemsan --kasan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log

#include "Inputs/klsan_test.h"

#include <string.h>

struct holder {
  void *child;
  char pad[56];
};

static struct holder *holder;

static noinline void copy_with_invalid_size(void) {
  size_t invalid_size = -8;
  char *p = (char *)holder;

  OPTIMIZER_HIDE_VAR(p);
  OPTIMIZER_HIDE_VAR(invalid_size);
  barrier();
  memmove(p, p + 8, invalid_size);
  barrier();
  memcpy(p + 8, p, invalid_size);
  barrier();
}

int main(void) {
  holder = kzalloc(sizeof(*holder), GFP_KERNEL);
  holder->child = kmalloc(32, GFP_KERNEL);
  copy_with_invalid_size();
  trigger_safe_point();
  fprintf(stderr, "nr_invalid_size_copy: done\n");
  kfree(holder->child);
  kfree(holder);
  return 0;
}

// CHECK: BUG: KASAN: out-of-bounds in copy_with_invalid_size
// CHECK: BUG: KASAN: out-of-bounds in copy_with_invalid_size
// CHECK-NOT: BUG: KLSAN
// CHECK: nr_invalid_size_copy: done
// CHECK-NOT: BUG: KLSAN
