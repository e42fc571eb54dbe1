// alloc_vmalloc: a three-page vmalloc area leaked once: one report naming the
// function that called vmalloc, with "The object is a vmalloc area of 3
// pages".
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include "Inputs/klsan_test.h"

static void *slot;

static noinline void alloc_with_vmalloc(void) {
  slot = vmalloc(3 * PAGE_SIZE);
  fprintf(stderr, "object at %016lx, slot at %016lx\n", (unsigned long)slot,
          (unsigned long)&slot);
}

static noinline void forget_object(void) { WRITE_ONCE(slot, NULL); }

int main(void) {
  alloc_with_vmalloc();
  forget_object();
  trigger_safe_point();
  fprintf(stderr, "alloc_vmalloc: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]], slot at [[#%.16x,SLOT:]]
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KLSAN: memory leak in forget_object+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// CHECK-NEXT: Last reference to 12288-byte object at [[#%.16x,OBJ]] was overwritten
// CHECK-NEXT: {{^ }}at addr [[#%.16x,SLOT]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}forget_object+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}alloc_with_vmalloc+0x
// CHECK: {{^}}The object is a vmalloc area of 3 pages
// CHECK: ==================================================================
// CHECK-NOT: BUG: KLSAN
// CHECK: alloc_vmalloc: done

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
