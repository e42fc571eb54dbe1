// never_stored_register: checksum_scratch() uses a scratch buffer that lives
// only in registers and returns without freeing it. Nothing ever stored the
// pointer: "was never stored; last seen in checksum_scratch", found at the
// next safe point after the function returned.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include "Inputs/klsan_test.h"
#include <string.h>

static noinline unsigned long checksum_scratch(const unsigned char *data,
                                               size_t len) {
  unsigned char *scratch = kmalloc(64, GFP_KERNEL);
  unsigned long sum = 0;
  size_t i;

  fprintf(stderr, "scratch at %016lx\n", (unsigned long)scratch);
  memcpy(scratch, data, len);
  for (i = 0; i < len; i++)
    sum = sum * 31 + scratch[i];
  return sum; /* the bug: scratch is not freed */
}

int main(void) {
  static const unsigned char data[40] = "kmemsan klsan never stored scratch";
  unsigned long sum = checksum_scratch(data, sizeof(data));

  trigger_safe_point();
  fprintf(stderr, "checksum %lx\n", sum);
  fprintf(stderr, "never_stored_register: done\n");
  return 0;
}

// CHECK: scratch at [[#%.16x,BUF:]]
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KLSAN: memory leak in checksum_scratch+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// CHECK-NEXT: Last reference to 64-byte object at [[#%.16x,BUF]] was never stored; last seen in checksum_scratch
// CHECK-NEXT: {{^ }}by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}checksum_scratch+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}checksum_scratch+0x
// CHECK: The object belongs to the cache kmalloc-64 of size 64
// CHECK: ==================================================================
// CHECK-NOT: BUG: KLSAN
// CHECK: checksum
// CHECK-NOT: BUG: KLSAN
// CHECK: never_stored_register: done

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
