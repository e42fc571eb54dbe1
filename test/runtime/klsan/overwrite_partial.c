// overwrite_partial: a 4-byte store over the high half of the word holding
// the only pointer to a buffer (a union reused as a cookie). The word no
// longer holds the reference: a partial overwrite is an overwrite, "was
// overwritten at addr &h->u.buf" in set_cookie, at the moment.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include "Inputs/klsan_test.h"

struct holder {
  unsigned long id;
  union {
    void *buf;
    uint32_t cookie[2];
  } u;
  char name[48];
};

static struct holder *the_holder;

static noinline void attach_buffer(struct holder *h) {
  void *buf = kmalloc(64, GFP_KERNEL);

  fprintf(stderr, "buffer at %016lx\n", (unsigned long)buf);
  h->u.buf = buf;
}

/* The bug: the union is reused while it still owns the buffer. */
static noinline void set_cookie(struct holder *h, uint32_t cookie) {
  h->u.cookie[1] = cookie;
}

int main(void) {
  struct holder *h = kzalloc(sizeof(*h), GFP_KERNEL);

  the_holder = h;
  fprintf(stderr, "holder at %016lx\n", (unsigned long)h);
  attach_buffer(h);
  set_cookie(h, 0xdeadbeef);
  trigger_safe_point();
  fprintf(stderr, "overwrite_partial: leak made\n");

  kfree(the_holder);
  the_holder = NULL;
  fprintf(stderr, "overwrite_partial: done\n");
  return 0;
}

// CHECK: holder at [[#%.16x,H:]]
// CHECK: buffer at [[#%.16x,BUF:]]
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KLSAN: memory leak in set_cookie+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// CHECK-NEXT: Last reference to 64-byte object at [[#%.16x,BUF]] was overwritten
// CHECK-NEXT: {{^ }}at addr [[#%.16x,H+8]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}set_cookie+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}attach_buffer+0x
// CHECK: The object belongs to the cache kmalloc-64 of size 64
// CHECK: ==================================================================
// CHECK-NOT: BUG: KLSAN
// CHECK: overwrite_partial: leak made
// CHECK-NOT: BUG: KLSAN
// CHECK: overwrite_partial: done

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
