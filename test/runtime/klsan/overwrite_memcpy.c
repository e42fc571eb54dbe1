// overwrite_memcpy: copy_settings() copies a template over a live holder
// with memcpy, and the holder's buffer pointer is overwritten by the
// template's NULL. The memcpy is the store that lost the last reference:
// "was overwritten at addr &h->buf" in copy_settings, at the moment.
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

/* The bug: the copy takes the template's buf (NULL) over the live one. */
static noinline void copy_settings(struct holder *dst,
                                   const struct holder *src, size_t len) {
  memcpy(dst, src, len);
}

int main(void) {
  struct holder *h = kzalloc(sizeof(*h), GFP_KERNEL);
  struct holder *tmpl = kzalloc(sizeof(*tmpl), GFP_KERNEL);
  size_t len = sizeof(*h);

  OPTIMIZER_HIDE_VAR(len);
  the_holder = h;
  tmpl->id = 7;
  strcpy(tmpl->name, "defaults");
  fprintf(stderr, "holder at %016lx\n", (unsigned long)h);
  attach_buffer(h);
  copy_settings(h, tmpl, len);
  trigger_safe_point();
  fprintf(stderr, "overwrite_memcpy: leak made\n");

  kfree(tmpl);
  kfree(the_holder);
  the_holder = NULL;
  fprintf(stderr, "overwrite_memcpy: done\n");
  return 0;
}

// CHECK: holder at [[#%.16x,H:]]
// CHECK: buffer at [[#%.16x,BUF:]]
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KLSAN: memory leak in copy_settings+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// CHECK-NEXT: Last reference to 64-byte object at [[#%.16x,BUF]] was overwritten
// CHECK-NEXT: {{^ }}at addr [[#%.16x,H+8]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}copy_settings+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}attach_buffer+0x
// CHECK: The object belongs to the cache kmalloc-64 of size 64
// CHECK: ==================================================================
// CHECK-NOT: BUG: KLSAN
// CHECK: overwrite_memcpy: leak made
// CHECK-NOT: BUG: KLSAN
// CHECK: overwrite_memcpy: done

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
