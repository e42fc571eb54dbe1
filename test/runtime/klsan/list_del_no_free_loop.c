// list_del_no_free_loop: drain_list() takes ten nodes off a global list with
// list_del() and frees none of them. Each node's last reference was the
// head's next pointer: ten reports, each "was overwritten at addr
// &test_list" in drain_list, all at the safe point right after the loop.
// With klsan_fold=1 the ten leaks (same allocation and drop stacks,
// confirmed at the same safe point) fold into one report with a count.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log
// RUN: FileCheck %s --check-prefix=EACH < %t.log
// RUN: FileCheck %s --check-prefix=ALLOC < %t.log
// RUN: env KMEMSAN_OPTIONS=klsan_fold=1 %t > %t.fold.log 2>&1
// RUN: FileCheck %s --check-prefix=FOLD < %t.fold.log
// RUN: FileCheck %s --check-prefix=FOLDCOUNT < %t.fold.log

#include "Inputs/klsan_test.h"
#include "Inputs/list.h"

struct test_node {
  struct list_head list;
  long value;
  char pad[40];
};

static LIST_HEAD(test_list);

static noinline void fill_list(int n) {
  int i;

  for (i = 0; i < n; i++) {
    struct test_node *node = kzalloc(sizeof(*node), GFP_KERNEL);

    node->value = i;
    list_add_tail(&node->list, &test_list);
  }
}

/* The bug: every node is unlinked, none is freed. */
static noinline int drain_list(void) {
  int n = 0;

  while (!list_empty(&test_list)) {
    struct test_node *node =
        list_first_entry(&test_list, struct test_node, list);

    list_del(&node->list);
    n++;
  }
  return n;
}

int main(void) {
  int n;

  _Static_assert(sizeof(struct test_node) == 64, "a kmalloc-64 object");
  fprintf(stderr, "list head at %016lx\n", (unsigned long)&test_list);
  fill_list(10);
  n = drain_list();
  trigger_safe_point();
  fprintf(stderr, "list_del_no_free_loop: drained %d nodes\n", n);
  fprintf(stderr, "list_del_no_free_loop: done\n");
  return 0;
}

// CHECK: list head at [[#%.16x,HEAD:]]
// CHECK-COUNT-10: {{^ }}at addr [[#%.16x,HEAD]] by task {{.+}}/{{[0-9]+}}
// CHECK-NOT: BUG: KLSAN
// CHECK: list_del_no_free_loop: drained 10 nodes
// CHECK-NOT: BUG: KLSAN
// CHECK: list_del_no_free_loop: done

// Each of the ten reports, in full (any order of objects).
// COUNT-COUNT-10: BUG: KLSAN: memory leak in drain_list+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// COUNT-NOT: BUG: KLSAN:
// COUNT: list_del_no_free_loop: drained 10 nodes
// COUNT-NOT: BUG: KLSAN:
// EACH-COUNT-10: Last reference to 64-byte object at {{([0-9a-f]{16})}} was overwritten
// EACH-NOT: Last reference to
// ALLOC-COUNT-10: {{^ }}fill_list+0x
// ALLOC-NOT: {{^ }}fill_list+0x

// FOLD: list head at [[#%.16x,HEAD:]]
// FOLD: ==================================================================
// FOLD-NEXT: BUG: KLSAN: memory leak in drain_list+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// FOLD-NEXT: Last reference to 64-byte object at {{([0-9a-f]{16})}} was overwritten
// FOLD-NEXT: {{^ }}at addr [[#%.16x,HEAD]] by task {{.+}}/{{[0-9]+}}
// FOLD-NEXT: Leaked 10 objects like this one (same allocation and drop stacks)
// FOLD: Call Trace:
// FOLD-NEXT: {{^ }}drain_list+0x
// FOLD: Allocated by task {{[0-9]+}}:
// FOLD-NEXT: {{^ }}fill_list+0x
// FOLD: The object belongs to the cache kmalloc-64 of size 64
// FOLD: ==================================================================
// FOLD: list_del_no_free_loop: drained 10 nodes
// FOLD: list_del_no_free_loop: done
// FOLDCOUNT-COUNT-1: BUG: KLSAN:
// FOLDCOUNT-NOT: BUG: KLSAN:
