// nr_self_reference: objects whose only references are to themselves
// (INIT_LIST_HEAD, a self pointer, a list_del_init'ed entry) while a live
// frame holds them, until they are freed. Self references do not count and
// do not keep anything alive, but these objects are never lost: no report,
// and freeing an object that points at itself drops nothing else.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log

#include "Inputs/klsan_test.h"
#include "Inputs/list.h"

struct node {
  struct list_head link;
  struct node *self;
  long id;
  char pad[32];
};

static LIST_HEAD(registry);

static noinline long self_ref_lifetime(long id) {
  struct node *n = kzalloc(sizeof(*n), GFP_KERNEL);
  long r;

  INIT_LIST_HEAD(&n->link);
  n->self = n;
  n->id = id;
  trigger_safe_point();
  r = n->self->id;
  kfree(n);
  return r;
}

static noinline long unlink_then_free(long id) {
  struct node *n = kzalloc(sizeof(*n), GFP_KERNEL);
  long r;

  n->id = id;
  list_add(&n->link, &registry);
  list_del_init(&n->link); /* only self references remain in memory */
  trigger_safe_point();
  r = n->id;
  kfree(n);
  return r;
}

int main(void) {
  long sum = 0;
  int i;

  _Static_assert(sizeof(struct node) == 64, "a kmalloc-64 object");
  for (i = 0; i < 5; i++)
    sum += self_ref_lifetime(i) + unlink_then_free(i);
  trigger_safe_point();
  fprintf(stderr, "sum %ld\n", sum);
  fprintf(stderr, "nr_self_reference: done\n");
  return 0;
}

// CHECK-NOT: BUG: KLSAN
// CHECK: sum 20
// CHECK-NOT: BUG: KLSAN
// CHECK: nr_self_reference: done
// CHECK-NOT: BUG: KLSAN
