// nr_top_byte_tag: pointers carrying a tag in their top byte (as with
// arm64 TBI or KASAN_SW_TAGS), in a global and in a heap object. With the
// runtime option klsan_top_byte_ignore=1 and the pass option
// -kmemsan-klsan-top-byte-ignore they are references: no report.
//
// RUN: %clang_kmemsan --klsan --kmemsan-opt=klsan-top-byte-ignore=1 -O1 -g %s -o %t
// RUN: env KMEMSAN_OPTIONS=klsan_top_byte_ignore=1 %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log

#include "Inputs/klsan_test.h"

#define TAG_SHIFT 56
#define TAG(p, t) ((unsigned long)(p) | ((unsigned long)(t) << TAG_SHIFT))
#define UNTAG(v) ((void *)((v) & ((1UL << TAG_SHIFT) - 1)))

struct holder {
  unsigned long tagged;
  char pad[56];
};

static unsigned long tagged_global;
static struct holder *holder;

static noinline void make_tagged(void) {
  tagged_global = TAG(kmalloc(64, GFP_KERNEL), 0xf3);
  holder = kzalloc(sizeof(*holder), GFP_KERNEL);
  holder->tagged = TAG(kmalloc(64, GFP_KERNEL), 0x5a);
}

static noinline void retag(void) {
  /* A new tag on the same object: the reference stays. */
  tagged_global = TAG(UNTAG(tagged_global), 0x0e);
}

static noinline void release_tagged(void) {
  kfree(UNTAG(tagged_global));
  kfree(UNTAG(holder->tagged));
  kfree(holder);
  tagged_global = 0;
  holder = NULL;
}

int main(void) {
  make_tagged();
  trigger_safe_point();
  retag();
  trigger_safe_point();
  fprintf(stderr, "nr_top_byte_tag: safe points passed\n");
  release_tagged();
  fprintf(stderr, "nr_top_byte_tag: done\n");
  return 0;
}

// CHECK-NOT: BUG: KLSAN
// CHECK: nr_top_byte_tag: safe points passed
// CHECK-NOT: BUG: KLSAN
// CHECK: nr_top_byte_tag: done
// CHECK-NOT: BUG: KLSAN
