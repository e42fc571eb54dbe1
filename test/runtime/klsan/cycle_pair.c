// cycle_pair: two objects point at each other (A <-> B) and the only outside
// reference, a global, is cleared. Counts never reach zero; trial deletion
// at the next safe point finds the garbage cycle and reports it once: "is
// held only by a cycle of 2 objects", with the drop of the last outside
// reference (the store to &registry in unregister_pair).
// docs/KLSAN.md does not say which member of a cycle the report names, so
// either A or B is accepted; everything else is exact.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include "Inputs/klsan_test.h"

struct peer {
  struct peer *other;
  unsigned long id;
  char pad[48];
};

static struct peer *registry;
/* The members' addresses, inverted so that they are not references. */
static unsigned long member_cookie[2];

static noinline void make_pair(void) {
  struct peer *a = kzalloc(sizeof(*a), GFP_KERNEL);
  struct peer *b = kzalloc(sizeof(*b), GFP_KERNEL);

  a->id = 1;
  b->id = 2;
  a->other = b;
  b->other = a;
  registry = a;
  member_cookie[0] = ~(unsigned long)a;
  member_cookie[1] = ~(unsigned long)b;
  fprintf(stderr, "registry at %016lx\n", (unsigned long)&registry);
}

/* The bug: the pair is unregistered, never torn down. */
static noinline void unregister_pair(void) {
  WRITE_ONCE(registry, NULL);
}

int main(void) {
  _Static_assert(sizeof(struct peer) == 64, "a kmalloc-64 object");
  make_pair();
  trigger_safe_point();
  fprintf(stderr, "cycle_pair: pair registered\n");
  unregister_pair();
  trigger_safe_point();
  fprintf(stderr, "cycle_pair: leak made; members %016lx %016lx\n",
          ~member_cookie[0], ~member_cookie[1]);
  fprintf(stderr, "cycle_pair: done\n");
  return 0;
}

// CHECK: registry at [[#%.16x,REG:]]
// CHECK-NOT: BUG: KLSAN
// CHECK: cycle_pair: pair registered
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KLSAN: memory leak in unregister_pair+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// CHECK-NEXT: Last reference to 64-byte object at [[OBJ:[0-9a-f]{16}]] is held only by a cycle of 2 objects
// CHECK-NEXT: {{^ }}the last outside reference was overwritten at addr [[#%.16x,REG]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}unregister_pair+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}make_pair+0x
// CHECK: The object belongs to the cache kmalloc-64 of size 64
// CHECK: ==================================================================
// CHECK-NOT: BUG: KLSAN
// CHECK: cycle_pair: leak made; members {{.*}}[[OBJ]]
// CHECK-NOT: BUG: KLSAN
// CHECK: cycle_pair: done

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
