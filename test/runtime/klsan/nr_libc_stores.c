// nr_libc_stores: references stored by libc, which KLSan does not see:
// - qsort() permutes an array of pointers, so the words' tags no longer
//   match their values; freeing in array order then decrements the wrong
//   objects, whose counts reach zero while the array still holds them (with
//   a safe point in the middle of the frees);
// - pthread_setspecific() keeps the only pointer to an object in the
//   thread's descriptor, in the main thread and in a second thread.
// The confirmation trace finds them all: no report.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log

#include "Inputs/klsan_test.h"
#include <pthread.h>
#include <stdlib.h>

#define N 64

struct rec {
  long key;
  char pad[24];
};

static struct rec **table;
static pthread_key_t key;

static int by_key(const void *a, const void *b) {
  const struct rec *x = *(struct rec *const *)a;
  const struct rec *y = *(struct rec *const *)b;

  return (x->key > y->key) - (x->key < y->key);
}

static noinline void build_and_sort(void) {
  int i;

  table = kmalloc_array(N, sizeof(*table), GFP_KERNEL);
  for (i = 0; i < N; i++) {
    table[i] = kmalloc(sizeof(struct rec), GFP_KERNEL);
    table[i]->key = (i * 37) % N; /* a permutation of 0..N-1 */
  }
  qsort(table, N, sizeof(*table), by_key);
}

static noinline long free_table(void) {
  long check = 0;
  int i;

  for (i = 0; i < N; i++) {
    check += table[i]->key == i;
    kfree(table[i]);
    table[i] = NULL;
    if (i == N / 2)
      trigger_safe_point();
  }
  kfree(table);
  table = NULL;
  return check;
}

static noinline void set_specific(long value) {
  long *p = kmalloc(64, GFP_KERNEL);

  *p = value;
  pthread_setspecific(key, p);
}

static noinline long drop_specific(void) {
  long *p = pthread_getspecific(key);
  long v = *p;

  pthread_setspecific(key, NULL);
  kfree(p);
  return v;
}

static void *thread_fn(void *arg) {
  set_specific(7);
  trigger_safe_point();
  *(long *)arg = drop_specific();
  return NULL;
}

int main(void) {
  pthread_t t;
  long v = 0;

  build_and_sort();
  trigger_safe_point();
  fprintf(stderr, "sorted: %ld in place\n", free_table());

  pthread_key_create(&key, NULL);
  set_specific(5);
  trigger_safe_point();
  pthread_create(&t, NULL, thread_fn, &v);
  pthread_join(t, NULL);
  fprintf(stderr, "specific: %ld %ld\n", drop_specific(), v);
  pthread_key_delete(key);
  fprintf(stderr, "nr_libc_stores: done\n");
  return 0;
}

// CHECK-NOT: BUG: KLSAN
// CHECK: sorted: 64 in place
// CHECK-NOT: BUG: KLSAN
// CHECK: specific: 5 7
// CHECK-NOT: BUG: KLSAN
// CHECK: nr_libc_stores: done
// CHECK-NOT: BUG: KLSAN
