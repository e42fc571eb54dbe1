// nr_register_copy: take_and_release() keeps a buffer in a register (or a
// spill slot of its frame) while it overwrites the only copy in memory, goes
// through safe points, then uses and frees the buffer. The count reaches
// zero, but the object is reachable from a live frame at every safe point:
// never a report. Done twenty times, and once with the memory copy replaced
// by another buffer rather than NULL.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: %clang_kmemsan --klsan -O2 -g %s -o %t.O2
// RUN: %t.O2 > %t.O2.log 2>&1
// RUN: FileCheck %s < %t.O2.log
// RUN: %clang_kmemsan --klsan -O0 -g %s -o %t.O0
// RUN: %t.O0 > %t.O0.log 2>&1
// RUN: FileCheck %s < %t.O0.log

#include "Inputs/klsan_test.h"
#include <string.h>

struct holder {
  unsigned long id;
  void *buf;
  char name[48];
};

static struct holder *the_holder;

static noinline void fill_holder(struct holder *h) {
  unsigned char *buf = kmalloc(64, GFP_KERNEL);

  memset(buf, 3, 64);
  h->buf = buf;
}

static noinline unsigned long take_and_release(struct holder *h) {
  unsigned char *buf = h->buf;
  unsigned long sum = 0;
  int i;

  WRITE_ONCE(h->buf, NULL); /* the count of buf drops to zero here */
  trigger_safe_point();     /* ... but buf is live in this frame */
  for (i = 0; i < 64; i++)
    sum += buf[i];
  kfree(buf);
  return sum;
}

static noinline unsigned long swap_and_release(struct holder *h) {
  unsigned char *old = h->buf;
  unsigned long sum = 0;
  int i;

  h->buf = kzalloc(64, GFP_KERNEL); /* old's last memory copy is gone */
  trigger_safe_point();
  for (i = 0; i < 64; i++)
    sum += old[i];
  kfree(old);
  return sum;
}

int main(void) {
  unsigned long sum = 0;
  int round;

  the_holder = kzalloc(sizeof(*the_holder), GFP_KERNEL);
  for (round = 0; round < 20; round++) {
    fill_holder(the_holder);
    sum += take_and_release(the_holder);
  }
  fill_holder(the_holder);
  sum += swap_and_release(the_holder);
  trigger_safe_point();
  kfree(the_holder->buf);
  kfree(the_holder);
  the_holder = NULL;
  fprintf(stderr, "sum %lu\n", sum);
  fprintf(stderr, "nr_register_copy: done\n");
  return 0;
}

// CHECK-NOT: BUG: KLSAN
// CHECK: sum 4032
// CHECK-NOT: BUG: KLSAN
// CHECK: nr_register_copy: done
// CHECK-NOT: BUG: KLSAN
