// overwrite_memset: reset_holder() clears a live holder with memset while it
// still holds the only pointer to its buffer. The memset lost the last
// reference: "was overwritten at addr &h->buf" in reset_holder, at the
// moment.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log
// RUN: %clang_kmemsan --klsan -O2 -g %s -o %t.O2
// RUN: %t.O2 > %t.O2.log 2>&1
// RUN: FileCheck %s < %t.O2.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.O2.log

#include "Inputs/klsan_test.h"
#include <string.h>

struct holder {
  unsigned long id;
  void *buf;
  char name[48];
};

static struct holder *the_holder;

static noinline void attach_buffer(struct holder *h) {
  void *buf = kmalloc(64, GFP_KERNEL);

  fprintf(stderr, "buffer at %016lx\n", (unsigned long)buf);
  h->buf = buf;
}

/* The bug: the holder is wiped without releasing what it owns. */
static noinline void reset_holder(struct holder *h, size_t len) {
  memset(h, 0, len);
}

int main(void) {
  struct holder *h = kzalloc(sizeof(*h), GFP_KERNEL);
  size_t len = sizeof(*h);

  OPTIMIZER_HIDE_VAR(len);
  the_holder = h;
  fprintf(stderr, "holder at %016lx\n", (unsigned long)h);
  attach_buffer(h);
  reset_holder(h, len);
  trigger_safe_point();
  fprintf(stderr, "overwrite_memset: leak made\n");

  kfree(the_holder);
  the_holder = NULL;
  fprintf(stderr, "overwrite_memset: done\n");
  return 0;
}

// CHECK: holder at [[#%.16x,H:]]
// CHECK: buffer at [[#%.16x,BUF:]]
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KLSAN: memory leak in reset_holder+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// CHECK-NEXT: Last reference to 64-byte object at [[#%.16x,BUF]] was overwritten
// CHECK-NEXT: {{^ }}at addr [[#%.16x,H+8]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}reset_holder+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}attach_buffer+0x
// CHECK: The object belongs to the cache kmalloc-64 of size 64
// CHECK: ==================================================================
// CHECK-NOT: BUG: KLSAN
// CHECK: overwrite_memset: leak made
// CHECK-NOT: BUG: KLSAN
// CHECK: overwrite_memset: done

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
