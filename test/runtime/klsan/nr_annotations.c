// nr_annotations: objects lost on purpose after kmemleak_not_leak(),
// kmemleak_ignore(), kmemsan_not_leak() and kmemsan_ignore(): never stored,
// overwritten, and freed with their holder. None is reported, at the safe
// points or at exit.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log

#include "Inputs/klsan_test.h"
#include <kmemsan/klsan.h>

static void *slot_a, *slot_b;

static noinline void lose_never_stored(void) {
  void *p = kmalloc(64, GFP_KERNEL);
  void *q = kmalloc(64, GFP_KERNEL);

  kmemleak_not_leak(p);
  kmemsan_ignore(q);
}

static noinline void lose_overwritten(void) {
  slot_a = kmalloc(64, GFP_KERNEL);
  kmemleak_ignore(slot_a);
  slot_b = kmalloc(64, GFP_KERNEL);
  kmemsan_not_leak(slot_b);
  WRITE_ONCE(slot_a, NULL);
  WRITE_ONCE(slot_b, NULL);
}

struct holder {
  void *child;
  char pad[56];
};

static noinline void lose_with_holder(void) {
  struct holder *h = kzalloc(sizeof(*h), GFP_KERNEL);

  h->child = kmalloc(64, GFP_KERNEL);
  kmemleak_not_leak(h->child);
  kfree(h);
}

int main(void) {
  lose_never_stored();
  lose_overwritten();
  lose_with_holder();
  trigger_safe_point();
  trigger_safe_point();
  fprintf(stderr, "nr_annotations: done\n");
  return 0;
}

// CHECK-NOT: BUG: KLSAN
// CHECK: nr_annotations: done
// CHECK-NOT: BUG: KLSAN
