// nr_long_list: a list of 100000 nodes built, walked across safe points and
// freed in full: no report, and bounded memory. The program checks its own
// peak RSS (getrusage) against 200 MiB and prints it.
// With klsan_trace_counted=1 (the kernel's setting), the same.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: env KMEMSAN_OPTIONS=klsan_trace_counted=1 %t > %t.counted.log 2>&1
// RUN: FileCheck %s < %t.counted.log

#include "Inputs/klsan_test.h"
#include "Inputs/list.h"
#include <sys/resource.h>

#define NODES 100000
#define RSS_LIMIT_KB (200L * 1024)

struct node {
  struct list_head link;
  long value;
  char pad[40];
};

static LIST_HEAD(big_list);

static noinline void build(void) {
  long i;

  for (i = 0; i < NODES; i++) {
    struct node *n = kmalloc(sizeof(*n), GFP_KERNEL);

    n->value = i;
    list_add_tail(&n->link, &big_list);
  }
}

static noinline long walk(void) {
  struct node *n;
  long sum = 0;

  list_for_each_entry(n, &big_list, link)
    sum += n->value;
  return sum;
}

static noinline long destroy(void) {
  struct node *n, *tmp;
  long count = 0;

  list_for_each_entry_safe(n, tmp, &big_list, link) {
    list_del(&n->link);
    kfree(n);
    count++;
  }
  return count;
}

int main(void) {
  struct rusage ru;
  long sum, count;

  build();
  trigger_safe_point();
  sum = walk();
  trigger_safe_point();
  count = destroy();
  trigger_safe_point();
  getrusage(RUSAGE_SELF, &ru);
  fprintf(stderr, "sum %ld, freed %ld\n", sum, count);
  fprintf(stderr, "max RSS %ld KB\n", ru.ru_maxrss);
  fprintf(stderr, "max RSS %s\n",
          ru.ru_maxrss < RSS_LIMIT_KB ? "under 200 MiB" : "OVER 200 MiB");
  fprintf(stderr, "nr_long_list: done\n");
  return 0;
}

// CHECK-NOT: BUG: KLSAN
// CHECK: sum 4999950000, freed 100000
// CHECK: max RSS {{[0-9]+}} KB
// CHECK-NEXT: max RSS under 200 MiB
// CHECK-NOT: BUG: KLSAN
// CHECK: nr_long_list: done
// CHECK-NOT: BUG: KLSAN
