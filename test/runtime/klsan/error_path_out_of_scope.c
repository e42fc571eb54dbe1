// error_path_out_of_scope: probe_device() has alloc_buffer() store a new
// buffer into its local (an address-taken stack slot), then an error path
// returns without freeing it. The slot held the last reference: "went out of
// scope when probe_device returned", drop stack in probe_device, allocated
// in alloc_buffer, reported at the next safe point.
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

#define ENOMEM 12
#define EINVAL 22

static noinline int alloc_buffer(void **bufp) {
  void *buf = kmalloc(64, GFP_KERNEL);

  if (!buf)
    return -ENOMEM;
  fprintf(stderr, "alloc_buffer: buffer at %016lx\n", (unsigned long)buf);
  *bufp = buf;
  return 0;
}

static noinline int probe_device(int fail) {
  void *buf = NULL;
  int err;

  err = alloc_buffer(&buf);
  if (err)
    return err;
  if (fail)
    return -EINVAL; /* the bug: buf is not freed */
  kfree(buf);
  return 0;
}

int main(void) {
  int fail = 0;
  int err;

  OPTIMIZER_HIDE_VAR(fail);
  err = probe_device(fail);
  trigger_safe_point();
  fprintf(stderr, "first probe: %d\n", err);
  fail = 1;
  OPTIMIZER_HIDE_VAR(fail);
  err = probe_device(fail);
  trigger_safe_point();
  fprintf(stderr, "second probe: %d\n", err);
  fprintf(stderr, "error_path_out_of_scope: done\n");
  return 0;
}

// CHECK-NOT: BUG: KLSAN
// CHECK: first probe: 0
// CHECK: alloc_buffer: buffer at [[#%.16x,BUF:]]
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KLSAN: memory leak in probe_device+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// CHECK-NEXT: Last reference to 64-byte object at [[#%.16x,BUF]] went out of scope when probe_device returned
// CHECK-NEXT: {{^ }}by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}probe_device+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}alloc_buffer+0x
// CHECK-NEXT: {{^ }}probe_device+0x
// CHECK: The object belongs to the cache kmalloc-64 of size 64
// CHECK: ==================================================================
// CHECK-NOT: BUG: KLSAN
// CHECK: second probe: -22
// CHECK-NOT: BUG: KLSAN
// CHECK: error_path_out_of_scope: done

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
