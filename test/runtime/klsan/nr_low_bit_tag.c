// nr_low_bit_tag: pointers kept with flag bits in their low bits (p | 1,
// p | 3, p | 7, as rb-tree colours and xarray entries do) in a global and
// in a heap object are still references into the object: no report.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log

#include "Inputs/klsan_test.h"

struct node {
  unsigned long parent_color; /* parent pointer | colour bit */
  char pad[56];
};

static unsigned long tagged_global;
static unsigned long tagged_array[2];
static struct node *root;

static noinline void make_tagged(void) {
  struct node *parent = kzalloc(sizeof(*parent), GFP_KERNEL);

  tagged_global = (unsigned long)kmalloc(64, GFP_KERNEL) | 1;
  tagged_array[0] = (unsigned long)kmalloc(64, GFP_KERNEL) | 3;
  tagged_array[1] = (unsigned long)kmalloc(64, GFP_KERNEL) | 7;
  root = kzalloc(sizeof(*root), GFP_KERNEL);
  root->parent_color = (unsigned long)parent | 1;
}

#define UNTAG(v) ((void *)((v) & ~7UL))

static noinline void release_tagged(void) {
  kfree(UNTAG(tagged_global));
  kfree(UNTAG(tagged_array[0]));
  kfree(UNTAG(tagged_array[1]));
  kfree(UNTAG(root->parent_color));
  kfree(root);
  tagged_global = 0;
  tagged_array[0] = tagged_array[1] = 0;
  root = NULL;
}

int main(void) {
  make_tagged();
  trigger_safe_point();
  trigger_safe_point();
  fprintf(stderr, "nr_low_bit_tag: safe points passed\n");
  release_tagged();
  fprintf(stderr, "nr_low_bit_tag: done\n");
  return 0;
}

// CHECK-NOT: BUG: KLSAN
// CHECK: nr_low_bit_tag: safe points passed
// CHECK-NOT: BUG: KLSAN
// CHECK: nr_low_bit_tag: done
// CHECK-NOT: BUG: KLSAN
