// cycle_ring: a pool keeps five items on a list whose head is embedded in
// the pool; destroy_pool() frees the pool without emptying the list. The
// five items still point at each other, a ring: one report, "is held only by
// a cycle of 5 objects", the last outside reference dropped when its holder
// (the pool) was freed, in destroy_pool, at the next safe point.
// Which item the report names is not specified; any is accepted.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include "Inputs/klsan_test.h"
#include "Inputs/list.h"

struct item {
  struct list_head link;
  long id;
  char pad[40];
};

struct pool {
  struct list_head items;
  char name[48];
};

static struct pool *the_pool;
/* The items' addresses, inverted so that they are not references. */
static unsigned long item_cookie[5];

static noinline void create_pool(void) {
  struct pool *p = kzalloc(sizeof(*p), GFP_KERNEL);

  INIT_LIST_HEAD(&p->items);
  the_pool = p;
  fprintf(stderr, "pool at %016lx\n", (unsigned long)p);
}

static noinline void fill_pool(int n) {
  int i;

  for (i = 0; i < n; i++) {
    struct item *it = kzalloc(sizeof(*it), GFP_KERNEL);

    it->id = i;
    item_cookie[i] = ~(unsigned long)it;
    list_add_tail(&it->link, &the_pool->items);
  }
}

/* The bug: the pool is freed with its items still on its list. */
static noinline void destroy_pool(void) {
  struct pool *p = the_pool;

  the_pool = NULL;
  kfree(p);
}

int main(void) {
  _Static_assert(sizeof(struct item) == 64, "a kmalloc-64 object");
  _Static_assert(sizeof(struct pool) == 64, "a kmalloc-64 object");
  create_pool();
  fill_pool(5);
  trigger_safe_point();
  fprintf(stderr, "cycle_ring: pool filled\n");
  destroy_pool();
  trigger_safe_point();
  fprintf(stderr, "cycle_ring: leak made; items");
  for (int i = 0; i < 5; i++)
    fprintf(stderr, " %016lx", ~item_cookie[i]);
  fprintf(stderr, "\n");
  fprintf(stderr, "cycle_ring: done\n");
  return 0;
}

// CHECK: pool at [[#%.16x,POOL:]]
// CHECK-NOT: BUG: KLSAN
// CHECK: cycle_ring: pool filled
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KLSAN: memory leak in destroy_pool+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// CHECK-NEXT: Last reference to 64-byte object at [[OBJ:[0-9a-f]{16}]] is held only by a cycle of 5 objects
// CHECK-NEXT: {{^ }}the last outside reference was dropped when its holder at [[#%.16x,POOL]] was freed by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}destroy_pool+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}fill_pool+0x
// CHECK: The object belongs to the cache kmalloc-64 of size 64
// CHECK: ==================================================================
// CHECK-NOT: BUG: KLSAN
// CHECK: cycle_ring: leak made; items {{.*}}[[OBJ]]
// CHECK-NOT: BUG: KLSAN
// CHECK: cycle_ring: done

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
