// alloc_kmalloc: a kmalloc object leaked once (its only reference, a
// global, cleared): one report naming the allocating function and the
// object's kmalloc cache.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include "Inputs/klsan_test.h"

static void *slot;

static noinline void alloc_with_kmalloc(void) {
  slot = kmalloc(64, GFP_KERNEL);
  fprintf(stderr, "object at %016lx, slot at %016lx\n", (unsigned long)slot,
          (unsigned long)&slot);
}

static noinline void forget_object(void) { WRITE_ONCE(slot, NULL); }

int main(void) {
  alloc_with_kmalloc();
  forget_object();
  trigger_safe_point();
  fprintf(stderr, "alloc_kmalloc: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]], slot at [[#%.16x,SLOT:]]
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KLSAN: memory leak in forget_object+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// CHECK-NEXT: Last reference to 64-byte object at [[#%.16x,OBJ]] was overwritten
// CHECK-NEXT: {{^ }}at addr [[#%.16x,SLOT]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}forget_object+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}alloc_with_kmalloc+0x
// CHECK: {{^}}The object belongs to the cache kmalloc-64 of size 64
// CHECK: ==================================================================
// CHECK-NOT: BUG: KLSAN
// CHECK: alloc_kmalloc: done

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
