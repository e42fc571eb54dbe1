// nr_roots: objects kept in a global pointer, in a global array of pointers,
// in a heap array of pointers (itself held by a global), and in a struct on
// the stack of a live frame: all references, none reported at the safe
// points; all freed before exit.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: %clang_kmemsan --klsan -O0 -g %s -o %t.O0
// RUN: %t.O0 > %t.O0.log 2>&1
// RUN: FileCheck %s < %t.O0.log

#include "Inputs/klsan_test.h"

#define N 8

struct bundle {
  int n;
  void *objs[N];
};

static void *global_ptr;
static void *global_array[N];
static void **heap_array;

static noinline void fill_bundle(struct bundle *b) {
  for (b->n = 0; b->n < N; b->n++)
    b->objs[b->n] = kmalloc(64, GFP_KERNEL);
}

static noinline void fill_globals(void) {
  int i;

  global_ptr = kmalloc(64, GFP_KERNEL);
  for (i = 0; i < N; i++)
    global_array[i] = kmalloc(32, GFP_KERNEL);
  heap_array = kmalloc_array(2 * N, sizeof(void *), GFP_KERNEL);
  for (i = 0; i < 2 * N; i++)
    heap_array[i] = kmalloc(128, GFP_KERNEL);
}

static noinline void free_all(struct bundle *b) {
  int i;

  for (i = 0; i < b->n; i++) {
    kfree(b->objs[i]);
    b->objs[i] = NULL;
  }
  kfree(global_ptr);
  global_ptr = NULL;
  for (i = 0; i < N; i++) {
    kfree(global_array[i]);
    global_array[i] = NULL;
  }
  for (i = 0; i < 2 * N; i++)
    kfree(heap_array[i]);
  kfree(heap_array);
  heap_array = NULL;
}

int main(void) {
  struct bundle b;

  fill_bundle(&b);
  fill_globals();
  trigger_safe_point();
  trigger_safe_point();
  fprintf(stderr, "nr_roots: safe points passed with %d stack objects\n", b.n);
  free_all(&b);
  trigger_safe_point();
  fprintf(stderr, "nr_roots: done\n");
  return 0;
}

// CHECK-NOT: BUG: KLSAN
// CHECK: nr_roots: safe points passed with 8 stack objects
// CHECK-NOT: BUG: KLSAN
// CHECK: nr_roots: done
// CHECK-NOT: BUG: KLSAN
