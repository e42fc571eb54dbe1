// overwrite_store: a driver replaces its buffer (h->buf = kmalloc(...)) without
// freeing the old one. The store that overwrites the last reference is the
// leak: KLSan reports it at the next safe point (not at exit), in
// replace_buffer, with the overwritten word (&h->buf), the allocation stack
// (attach_buffer), the cache and a hex dump of the lost object.
// This test pins the whole report layout of docs/KLSAN.md.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log
// RUN: %clang_kmemsan --klsan -O0 -g %s -o %t.O0
// RUN: %t.O0 > %t.O0.log 2>&1
// RUN: FileCheck %s < %t.O0.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.O0.log
// RUN: %clang_kmemsan --klsan -O2 -g %s -o %t.O2
// RUN: %t.O2 > %t.O2.log 2>&1
// RUN: FileCheck %s < %t.O2.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.O2.log
// RUN: env KMEMSAN_OPTIONS=klsan_confirm_every=1:klsan_confirm_ratio=0 %t > %t.every.log 2>&1
// RUN: FileCheck %s < %t.every.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.every.log
// RUN: %clang_kmemsan --kasan --klsan -O1 -g %s -o %t.both
// RUN: %t.both > %t.both.log 2>&1
// RUN: FileCheck %s < %t.both.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.both.log

#include "Inputs/klsan_test.h"

struct holder {
  unsigned long id;
  void *buf;
  char name[48];
};

static struct holder *the_holder;

static noinline void attach_buffer(struct holder *h) {
  unsigned char *buf = kmalloc(64, GFP_KERNEL);
  int i;

  for (i = 0; i < 64; i++)
    buf[i] = (unsigned char)i;
  fprintf(stderr, "old buffer at %016lx\n", (unsigned long)buf);
  h->buf = buf;
}

/* The bug: the old buffer is not freed before the pointer is replaced. */
static noinline void replace_buffer(struct holder *h) {
  h->buf = kzalloc(64, GFP_KERNEL);
}

int main(void) {
  struct holder *h = kzalloc(sizeof(*h), GFP_KERNEL);

  the_holder = h;
  fprintf(stderr, "holder at %016lx\n", (unsigned long)h);
  attach_buffer(h);
  replace_buffer(h);
  trigger_safe_point();
  fprintf(stderr, "overwrite_store: leak made\n");

  kfree(the_holder->buf);
  kfree(the_holder);
  the_holder = NULL;
  fprintf(stderr, "overwrite_store: done\n");
  return 0;
}

// CHECK: holder at [[#%.16x,H:]]
// CHECK: old buffer at [[#%.16x,OLD:]]
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KLSAN: memory leak in replace_buffer+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// CHECK-NEXT: Last reference to 64-byte object at [[#%.16x,OLD]] was overwritten
// CHECK-NEXT: {{^ }}at addr [[#%.16x,H+8]] by task {{.+}}/[[TID:[0-9]+]]
// CHECK-NEXT: Call Trace:
// CHECK-NEXT: {{^ }}replace_buffer+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: {{^ }}main+0x
// CHECK: {{^}}Allocated by task [[TID]]:
// CHECK-NEXT: {{^ }}attach_buffer+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: {{^ }}main+0x
// CHECK: {{^}}The object belongs to the cache kmalloc-64 of size 64
// CHECK-NEXT: hex dump (first 32 bytes):
// CHECK-NEXT: {{^  00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f$}}
// CHECK-NEXT: {{^  10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f$}}
// CHECK-NEXT: ==================================================================
// CHECK-NOT: BUG: KLSAN
// CHECK: overwrite_store: leak made
// CHECK-NOT: BUG: KLSAN
// CHECK: overwrite_store: done
// CHECK-NOT: BUG: KLSAN

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
// COUNT-NOT: BUG: KASAN
