// drop_site_two_holders: a buffer is published in two holders; forget_cache()
// clears the first (the count goes from 2 to 1: no leak), release_owner()
// clears the second without freeing (1 to 0: the leak). A correct tool
// blames release_owner, whatever it recorded (or, with
// klsan_trace_counted=1 as in the kernel, did not record) at the first drop.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log
// RUN: env KMEMSAN_OPTIONS=klsan_trace_counted=1 %t > %t.counted.log 2>&1
// RUN: FileCheck %s < %t.counted.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.counted.log

#include "Inputs/klsan_test.h"

struct owner {
  void *buf;
};
struct cache {
  void *last;
};

static struct owner *the_owner;
static struct cache *the_cache;

static noinline void publish(struct owner *o, struct cache *c) {
  void *buf = kmalloc(96, GFP_KERNEL);

  fprintf(stderr, "buffer at %016lx\n", (unsigned long)buf);
  o->buf = buf;
  c->last = buf;
}

static noinline void forget_cache(struct cache *c) { c->last = NULL; }

/* The bug: the owner lets go of its buffer without kfree(). */
static noinline void release_owner(struct owner *o) { o->buf = NULL; }

int main(void) {
  the_owner = kzalloc(sizeof(*the_owner), GFP_KERNEL);
  the_cache = kzalloc(sizeof(*the_cache), GFP_KERNEL);
  fprintf(stderr, "owner at %016lx\n", (unsigned long)the_owner);
  publish(the_owner, the_cache);
  forget_cache(the_cache);
  trigger_safe_point();
  fprintf(stderr, "drop_site_two_holders: one holder left\n");
  release_owner(the_owner);
  trigger_safe_point();
  fprintf(stderr, "drop_site_two_holders: leak made\n");
  kfree(the_owner);
  kfree(the_cache);
  the_owner = NULL;
  the_cache = NULL;
  fprintf(stderr, "drop_site_two_holders: done\n");
  return 0;
}

// CHECK: owner at [[#%.16x,OWNER:]]
// CHECK: buffer at [[#%.16x,BUF:]]
// CHECK-NOT: BUG: KLSAN
// CHECK: drop_site_two_holders: one holder left
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KLSAN: memory leak in release_owner+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// CHECK-NEXT: Last reference to 96-byte object at [[#%.16x,BUF]] was overwritten
// CHECK-NEXT: {{^ }}at addr [[#%.16x,OWNER]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}release_owner+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}publish+0x
// CHECK: ==================================================================
// CHECK-NOT: BUG: KLSAN
// CHECK: drop_site_two_holders: leak made
// CHECK-NOT: BUG: KLSAN
// CHECK: drop_site_two_holders: done

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
