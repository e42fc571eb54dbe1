// nr_transient_null: p = x->ptr; x->ptr = NULL; ...; x->ptr = p; with safe
// points while the pointer lives only in the frame (the pattern of code that
// detaches an object, works on it, and puts it back). The count touches zero
// each time, but the object is never lost: no report.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: %clang_kmemsan --klsan -O2 -g %s -o %t.O2
// RUN: %t.O2 > %t.O2.log 2>&1
// RUN: FileCheck %s < %t.O2.log

#include "Inputs/klsan_test.h"

struct dev {
  unsigned long flags;
  unsigned long *stats;
  char name[48];
};

static struct dev *the_dev;

static noinline void detach_update_reattach(struct dev *x) {
  unsigned long *p = x->stats;

  WRITE_ONCE(x->stats, NULL);
  trigger_safe_point();
  p[0]++;
  trigger_safe_point();
  WRITE_ONCE(x->stats, p);
}

int main(void) {
  int i;

  the_dev = kzalloc(sizeof(*the_dev), GFP_KERNEL);
  the_dev->stats = kzalloc(64, GFP_KERNEL);
  for (i = 0; i < 5; i++)
    detach_update_reattach(the_dev);
  trigger_safe_point();
  fprintf(stderr, "stats %lu\n", the_dev->stats[0]);
  kfree(the_dev->stats);
  kfree(the_dev);
  the_dev = NULL;
  fprintf(stderr, "nr_transient_null: done\n");
  return 0;
}

// CHECK-NOT: BUG: KLSAN
// CHECK: stats 5
// CHECK-NOT: BUG: KLSAN
// CHECK: nr_transient_null: done
// CHECK-NOT: BUG: KLSAN
