// nr_interior_container_of: the only references left are interior pointers:
// a pointer to a struct's embedded list_head (recovered with container_of),
// a pointer into the middle of a buffer and one to its last byte. Interior
// pointers are references: no report, at safe points or at exit.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log

#include "Inputs/klsan_test.h"
#include "Inputs/list.h"

struct item {
  long id;
  char name[24];
  struct list_head link;
  char pad[16];
};

static struct list_head *cursor;
static char *middle;
static char *last_byte;

static noinline void publish(void) {
  struct item *it = kzalloc(sizeof(*it), GFP_KERNEL);
  char *buf = kmalloc(64, GFP_KERNEL);

  it->id = 42;
  INIT_LIST_HEAD(&it->link);
  cursor = &it->link;
  middle = buf + 40;
  buf = kmalloc(100, GFP_KERNEL);
  last_byte = buf + 99;
}

static noinline void release(void) {
  struct item *it = container_of(cursor, struct item, link);

  fprintf(stderr, "item %ld\n", it->id);
  kfree(it);
  kfree(middle - 40);
  kfree(last_byte - 99);
  cursor = NULL;
  middle = NULL;
  last_byte = NULL;
}

int main(void) {
  _Static_assert(sizeof(struct item) == 64, "a kmalloc-64 object");
  publish();
  trigger_safe_point();
  trigger_safe_point();
  release();
  trigger_safe_point();
  fprintf(stderr, "nr_interior_container_of: done\n");
  return 0;
}

// CHECK-NOT: BUG: KLSAN
// CHECK: item 42
// CHECK-NOT: BUG: KLSAN
// CHECK: nr_interior_container_of: done
// CHECK-NOT: BUG: KLSAN
