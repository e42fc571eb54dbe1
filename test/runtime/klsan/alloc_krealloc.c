// alloc_krealloc: a kmalloc object grown with krealloc() from 64 to 128
// bytes (so a new object; the old one is freed by krealloc) leaked once (its
// only reference, a global, cleared): one report naming the function that
// called krealloc as the allocator, and the new object's cache.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include "Inputs/klsan_test.h"

static void *slot;

static noinline void grow_with_krealloc(void) {
  void *p = kmalloc(64, GFP_KERNEL);

  slot = krealloc(p, 128, GFP_KERNEL);
  fprintf(stderr, "object at %016lx, slot at %016lx\n", (unsigned long)slot,
          (unsigned long)&slot);
}

static noinline void forget_object(void) { WRITE_ONCE(slot, NULL); }

int main(void) {
  grow_with_krealloc();
  forget_object();
  trigger_safe_point();
  fprintf(stderr, "alloc_krealloc: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]], slot at [[#%.16x,SLOT:]]
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KLSAN: memory leak in forget_object+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// CHECK-NEXT: Last reference to 128-byte object at [[#%.16x,OBJ]] was overwritten
// CHECK-NEXT: {{^ }}at addr [[#%.16x,SLOT]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}forget_object+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}grow_with_krealloc+0x
// CHECK: {{^}}The object belongs to the cache kmalloc-128 of size 128
// CHECK: ==================================================================
// CHECK-NOT: BUG: KLSAN
// CHECK: alloc_krealloc: done

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
