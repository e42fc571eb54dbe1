// list_del_no_free: the kmemleak-test pattern. Three nodes on a global list;
// unlink_node() takes the middle one off with list_del() and forgets to free
// it. list_del's last store (prev->next = next) overwrote the last reference:
// "was overwritten at addr &A->list.next" (A, the node before it), in
// unlink_node, at the moment. The other two nodes are freed: one report.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include "Inputs/klsan_test.h"
#include "Inputs/list.h"

struct test_node {
  struct list_head list; /* first: &node->list.next == node */
  long value;
  char pad[40];
};

static LIST_HEAD(test_list);

static noinline void add_node(long value) {
  struct test_node *n = kzalloc(sizeof(*n), GFP_KERNEL);

  n->value = value;
  list_add_tail(&n->list, &test_list);
  fprintf(stderr, "node %ld at %016lx\n", value, (unsigned long)n);
}

/* The bug: the node is unlinked but never freed. */
static noinline void unlink_node(long value) {
  struct test_node *n;

  list_for_each_entry(n, &test_list, list) {
    if (n->value == value) {
      list_del(&n->list);
      return;
    }
  }
}

static noinline void free_all(void) {
  struct test_node *n, *tmp;

  list_for_each_entry_safe(n, tmp, &test_list, list) {
    list_del(&n->list);
    kfree(n);
  }
}

int main(void) {
  _Static_assert(sizeof(struct test_node) == 64, "a kmalloc-64 object");
  add_node(1);
  add_node(2);
  add_node(3);
  unlink_node(2);
  trigger_safe_point();
  fprintf(stderr, "list_del_no_free: leak made\n");
  free_all();
  trigger_safe_point();
  fprintf(stderr, "list_del_no_free: done\n");
  return 0;
}

// CHECK: node 1 at [[#%.16x,A:]]
// CHECK: node 2 at [[#%.16x,B:]]
// CHECK: node 3 at [[#%.16x,C:]]
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KLSAN: memory leak in unlink_node+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// CHECK-NEXT: Last reference to 64-byte object at [[#%.16x,B]] was overwritten
// CHECK-NEXT: {{^ }}at addr [[#%.16x,A]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}unlink_node+0x
// CHECK-NEXT: {{^ }}main+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}add_node+0x
// CHECK-NEXT: {{^ }}main+0x
// CHECK: The object belongs to the cache kmalloc-64 of size 64
// CHECK: ==================================================================
// CHECK-NOT: BUG: KLSAN
// CHECK: list_del_no_free: leak made
// CHECK-NOT: BUG: KLSAN
// CHECK: list_del_no_free: done

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
