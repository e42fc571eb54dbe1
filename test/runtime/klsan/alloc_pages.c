// alloc_pages: an order-1 block from the page allocator (__get_free_pages,
// kept as an unsigned long, the way the kernel does) leaked once: one report
// naming the function that called __get_free_pages, with "The object belongs
// to the page allocator (order 1)".
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include "Inputs/klsan_test.h"

static unsigned long slot;

static noinline void alloc_with_get_free_pages(void) {
  slot = __get_free_pages(GFP_KERNEL, 1);
  fprintf(stderr, "object at %016lx, slot at %016lx\n", slot,
          (unsigned long)&slot);
}

static noinline void forget_object(void) { WRITE_ONCE(slot, 0); }

int main(void) {
  alloc_with_get_free_pages();
  forget_object();
  trigger_safe_point();
  fprintf(stderr, "alloc_pages: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]], slot at [[#%.16x,SLOT:]]
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KLSAN: memory leak in forget_object+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// CHECK-NEXT: Last reference to 8192-byte object at [[#%.16x,OBJ]] was overwritten
// CHECK-NEXT: {{^ }}at addr [[#%.16x,SLOT]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}forget_object+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}alloc_with_get_free_pages+0x
// CHECK: {{^}}The object belongs to the page allocator (order 1)
// CHECK: ==================================================================
// CHECK-NOT: BUG: KLSAN
// CHECK: alloc_pages: done

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
