// holder_freed: destroy_container() frees a container that held the only
// pointer to its child. Freeing the holder dropped the last reference: "was
// dropped when its holder at C was freed" (C, the container's start), drop
// stack in destroy_container, allocated in add_child, at the moment.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log
// RUN: %clang_kmemsan --kasan --klsan -O1 -g %s -o %t.both
// RUN: %t.both > %t.both.log 2>&1
// RUN: FileCheck %s < %t.both.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.both.log

#include "Inputs/klsan_test.h"

struct container {
  unsigned long flags;
  void *child;
  char name[48];
};

static struct container *registry;

static noinline void create_container(void) {
  struct container *c = kzalloc(sizeof(*c), GFP_KERNEL);

  fprintf(stderr, "container at %016lx\n", (unsigned long)c);
  registry = c;
}

static noinline void add_child(struct container *c) {
  void *child = kmalloc(64, GFP_KERNEL);

  fprintf(stderr, "child at %016lx\n", (unsigned long)child);
  c->child = child;
}

/* The bug: the container goes, its child is not released. */
static noinline void destroy_container(void) {
  struct container *c = registry;

  registry = NULL;
  kfree(c);
}

int main(void) {
  _Static_assert(sizeof(struct container) == 64, "a kmalloc-64 object");
  create_container();
  add_child(registry);
  destroy_container();
  trigger_safe_point();
  fprintf(stderr, "holder_freed: done\n");
  return 0;
}

// CHECK: container at [[#%.16x,C:]]
// CHECK: child at [[#%.16x,CHILD:]]
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KLSAN: memory leak in destroy_container+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// CHECK-NEXT: Last reference to 64-byte object at [[#%.16x,CHILD]] was dropped when its holder at [[#%.16x,C]] was freed
// CHECK-NEXT: {{^ }}by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}destroy_container+0x
// CHECK-NEXT: {{^ }}main+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}add_child+0x
// CHECK: The object belongs to the cache kmalloc-64 of size 64
// CHECK: ==================================================================
// CHECK-NOT: BUG: KLSAN
// CHECK: holder_freed: done

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
// COUNT-NOT: BUG: KASAN
