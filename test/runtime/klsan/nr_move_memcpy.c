// nr_move_memcpy: four objects move from one container to another with
// memcpy (then the source is cleared with memset), rotate inside the new
// container with memmove, and move back with a struct assignment. Tags move
// with the data: no report at the safe points in between, none at the end.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log

#include "Inputs/klsan_test.h"
#include <string.h>

#define NITEMS 4

struct container {
  unsigned long count;
  void *items[NITEMS];
  char name[24];
};

static struct container *from, *to;

static noinline void fill(struct container *c) {
  int i;

  for (i = 0; i < NITEMS; i++) {
    long *item = kmalloc(64, GFP_KERNEL);

    *item = i;
    c->items[i] = item;
  }
  c->count = NITEMS;
}

static noinline void move_items(struct container *dst, struct container *src,
                                size_t len) {
  memcpy(dst->items, src->items, len);
  memset(src->items, 0, len);
  dst->count = src->count;
  src->count = 0;
}

static noinline void rotate(struct container *c, size_t len) {
  void *first = c->items[0];

  memmove(&c->items[0], &c->items[1], len);
  c->items[NITEMS - 1] = first;
}

static noinline void move_back(struct container *dst, struct container *src) {
  *dst = *src;
  memset(src, 0, sizeof(*src));
}

int main(void) {
  size_t len = sizeof(from->items);
  long sum = 0;
  int i;

  _Static_assert(sizeof(struct container) == 64, "a kmalloc-64 object");
  OPTIMIZER_HIDE_VAR(len);
  from = kzalloc(sizeof(*from), GFP_KERNEL);
  to = kzalloc(sizeof(*to), GFP_KERNEL);
  fill(from);
  move_items(to, from, len);
  trigger_safe_point();
  rotate(to, len - sizeof(void *));
  trigger_safe_point();
  move_back(from, to);
  trigger_safe_point();
  for (i = 0; i < NITEMS; i++) {
    sum = sum * 10 + *(long *)from->items[i];
    kfree(from->items[i]);
    from->items[i] = NULL;
  }
  kfree(from);
  kfree(to);
  from = to = NULL;
  fprintf(stderr, "order %ld\n", sum);
  fprintf(stderr, "nr_move_memcpy: done\n");
  return 0;
}

// CHECK-NOT: BUG: KLSAN
// CHECK: order 1230
// CHECK-NOT: BUG: KLSAN
// CHECK: nr_move_memcpy: done
// CHECK-NOT: BUG: KLSAN
