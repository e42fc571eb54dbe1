// error_path_never_stored: setup_device() allocates a buffer into a plain
// local and its error path returns without freeing it. The pointer was only
// ever in registers of setup_device: "was never stored; last seen in
// setup_device", reported at the next safe point, with the allocation stack
// as both stacks. The successful call before it leaks nothing.
// With klsan_trace_counted=1 (the kernel's setting) the report is the same.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log
// RUN: env KMEMSAN_OPTIONS=klsan_trace_counted=1 %t > %t.counted.log 2>&1
// RUN: FileCheck %s < %t.counted.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.counted.log
// RUN: %clang_kmemsan --klsan -O2 -g %s -o %t.O2
// RUN: %t.O2 > %t.O2.log 2>&1
// RUN: FileCheck %s < %t.O2.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.O2.log

#include "Inputs/klsan_test.h"
#include <string.h>

#define ENOMEM 12
#define EINVAL 22

static noinline int setup_device(int fail) {
  unsigned char *buf = kmalloc(64, GFP_KERNEL);

  if (!buf)
    return -ENOMEM;
  memset(buf, 0x5a, 64);
  if (fail) {
    fprintf(stderr, "setup_device: buffer at %016lx, failing\n",
            (unsigned long)buf);
    return -EINVAL; /* the bug: buf is not freed */
  }
  kfree(buf);
  return 0;
}

int main(void) {
  int fail = 0;
  int err;

  OPTIMIZER_HIDE_VAR(fail);
  err = setup_device(fail);
  trigger_safe_point();
  fprintf(stderr, "first setup: %d\n", err);
  fail = 1;
  OPTIMIZER_HIDE_VAR(fail);
  err = setup_device(fail);
  trigger_safe_point();
  fprintf(stderr, "second setup: %d\n", err);
  fprintf(stderr, "error_path_never_stored: done\n");
  return 0;
}

// CHECK-NOT: BUG: KLSAN
// CHECK: first setup: 0
// CHECK: setup_device: buffer at [[#%.16x,BUF:]], failing
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KLSAN: memory leak in setup_device+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// CHECK-NEXT: Last reference to 64-byte object at [[#%.16x,BUF]] was never stored; last seen in setup_device
// CHECK-NEXT: {{^ }}by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}setup_device+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}setup_device+0x
// CHECK: The object belongs to the cache kmalloc-64 of size 64
// CHECK: hex dump (first 32 bytes):
// CHECK-NEXT: {{^  5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a$}}
// CHECK: ==================================================================
// CHECK-NOT: BUG: KLSAN
// CHECK: second setup: -22
// CHECK-NOT: BUG: KLSAN
// CHECK: error_path_never_stored: done

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
