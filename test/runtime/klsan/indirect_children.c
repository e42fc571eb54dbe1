// indirect_children: a parent with two children (32 and 64 bytes) is lost
// as a whole when the global that held it is cleared. One report, for the
// parent (its last reference was overwritten in forget_tree); the children,
// reachable only from it, are listed under it: "Also lost with it: 2
// objects, 96 bytes (indirect)". They are never reported on their own, not
// at the safe point and not at exit.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include "Inputs/klsan_test.h"

struct parent {
  void *left;
  void *right;
  char name[48];
};

static struct parent *the_tree;

static noinline void build_tree(void) {
  struct parent *p = kzalloc(sizeof(*p), GFP_KERNEL);

  p->left = kzalloc(32, GFP_KERNEL);
  p->right = kzalloc(64, GFP_KERNEL);
  the_tree = p;
  fprintf(stderr, "parent at %016lx, tree at %016lx\n", (unsigned long)p,
          (unsigned long)&the_tree);
}

/* The bug: the tree is dropped without being torn down. */
static noinline void forget_tree(void) {
  WRITE_ONCE(the_tree, NULL);
}

int main(void) {
  _Static_assert(sizeof(struct parent) == 64, "a kmalloc-64 object");
  build_tree();
  trigger_safe_point();
  fprintf(stderr, "indirect_children: tree built\n");
  forget_tree();
  trigger_safe_point();
  fprintf(stderr, "indirect_children: leak made\n");
  fprintf(stderr, "indirect_children: done\n");
  return 0;
}

// CHECK: parent at [[#%.16x,P:]], tree at [[#%.16x,TREE:]]
// CHECK-NOT: BUG: KLSAN
// CHECK: indirect_children: tree built
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KLSAN: memory leak in forget_tree+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// CHECK-NEXT: Last reference to 64-byte object at [[#%.16x,P]] was overwritten
// CHECK-NEXT: {{^ }}at addr [[#%.16x,TREE]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}forget_tree+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}build_tree+0x
// CHECK: The object belongs to the cache kmalloc-64 of size 64
// CHECK-NEXT: Also lost with it: 2 objects, 96 bytes (indirect)
// CHECK-NEXT: hex dump (first 32 bytes):
// CHECK: ==================================================================
// CHECK-NOT: BUG: KLSAN
// CHECK: indirect_children: leak made
// CHECK-NOT: BUG: KLSAN
// CHECK: indirect_children: done

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
