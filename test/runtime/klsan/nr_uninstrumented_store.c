// nr_uninstrumented_store: the only references to two objects are stored by
// code built without the plugin (Inputs/uninstrumented_store.c, plain
// clang): one into a global of that translation unit, one into a field of a
// heap object. Counting never sees them, so both objects are candidates
// ("never stored"), but the confirmation trace finds them (the writable data
// of the program, and the contents of a reachable object): no report.
// The same with klsan_trace_counted=1 (the kernel's setting: every counted
// object is a root of the trace).
//
// RUN: %clang -O1 -g -fno-omit-frame-pointer -c %S/Inputs/uninstrumented_store.c -o %t.plain.o
// RUN: %clang_kmemsan --klsan -O1 -g %s %t.plain.o -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: env KMEMSAN_OPTIONS=klsan_trace_counted=1 %t > %t.counted.log 2>&1
// RUN: FileCheck %s < %t.counted.log

#include "Inputs/klsan_test.h"

struct box {
  unsigned long id;
  void *payload;
  char pad[48];
};

void plain_store_global(void *p);
void plain_store_into(struct box *b, void *p);
void *plain_take_global(void);

static struct box *the_box;

static noinline void hand_to_plain_code(void) {
  long *a = kmalloc(64, GFP_KERNEL);
  long *b = kmalloc(64, GFP_KERNEL);

  *a = 1;
  *b = 2;
  plain_store_global(a);
  the_box = kzalloc(sizeof(*the_box), GFP_KERNEL);
  plain_store_into(the_box, b);
}

static noinline long take_back(void) {
  long *a = plain_take_global();
  long *b = the_box->payload;
  long sum = *a + *b;

  kfree(a);
  kfree(b);
  kfree(the_box);
  the_box = NULL;
  return sum;
}

int main(void) {
  hand_to_plain_code();
  trigger_safe_point();
  trigger_safe_point();
  fprintf(stderr, "nr_uninstrumented_store: safe points passed\n");
  fprintf(stderr, "sum %ld\n", take_back());
  fprintf(stderr, "nr_uninstrumented_store: done\n");
  return 0;
}

// CHECK-NOT: BUG: KLSAN
// CHECK: nr_uninstrumented_store: safe points passed
// CHECK-NOT: BUG: KLSAN
// CHECK: sum 3
// CHECK-NOT: BUG: KLSAN
// CHECK: nr_uninstrumented_store: done
// CHECK-NOT: BUG: KLSAN
