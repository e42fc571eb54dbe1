// unsigned_long_overwrite: the kernel often keeps pointers in unsigned long
// fields (private data, cookies). attach_private() stores a buffer as an
// unsigned long; reuse_priv_as_cookie() overwrites the field with a plain
// integer. The integer store lost the last reference: "was overwritten at
// addr &ctx->priv" in reuse_priv_as_cookie, at the moment.
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

struct ctx {
  unsigned long flags;
  unsigned long priv;
  char name[48];
};

static struct ctx *the_ctx;

static noinline void attach_private(struct ctx *ctx) {
  unsigned long priv = (unsigned long)kmalloc(64, GFP_KERNEL);

  fprintf(stderr, "private data at %016lx\n", priv);
  ctx->priv = priv;
}

/* The bug: the field is reused while it still owns the private data. */
static noinline void reuse_priv_as_cookie(struct ctx *ctx,
                                          unsigned long cookie) {
  ctx->priv = cookie;
}

int main(void) {
  struct ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
  unsigned long cookie = 0x1234;

  OPTIMIZER_HIDE_VAR(cookie);
  the_ctx = ctx;
  fprintf(stderr, "ctx at %016lx\n", (unsigned long)ctx);
  attach_private(ctx);
  trigger_safe_point();
  fprintf(stderr, "unsigned_long_overwrite: attached\n");
  reuse_priv_as_cookie(ctx, cookie);
  trigger_safe_point();
  fprintf(stderr, "unsigned_long_overwrite: leak made\n");
  kfree(the_ctx);
  the_ctx = NULL;
  fprintf(stderr, "unsigned_long_overwrite: done\n");
  return 0;
}

// CHECK: ctx at [[#%.16x,CTX:]]
// CHECK: private data at [[#%.16x,PRIV:]]
// CHECK-NOT: BUG: KLSAN
// CHECK: unsigned_long_overwrite: attached
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KLSAN: memory leak in reuse_priv_as_cookie+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// CHECK-NEXT: Last reference to 64-byte object at [[#%.16x,PRIV]] was overwritten
// CHECK-NEXT: {{^ }}at addr [[#%.16x,CTX+8]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}reuse_priv_as_cookie+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}attach_private+0x
// CHECK: The object belongs to the cache kmalloc-64 of size 64
// CHECK: ==================================================================
// CHECK-NOT: BUG: KLSAN
// CHECK: unsigned_long_overwrite: leak made
// CHECK-NOT: BUG: KLSAN
// CHECK: unsigned_long_overwrite: done

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
