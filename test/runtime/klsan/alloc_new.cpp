// alloc_new: a C++ object from operator new leaked once: one report naming
// the function that called new (not operator new itself) and the kmalloc
// cache the hosted runtime takes it from.
//
// RUN: %clangxx_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include <kmemsan/kernel.h>
#include <stdio.h>
#include <time.h>

struct Widget {
  long id;
  char name[56];
};
static_assert(sizeof(Widget) == 64, "a kmalloc-64 object");

static Widget *slot;
static char *volatile safe_point_slot;

// As Inputs/klsan_test.h, with new and delete: allocator entries and
// candidate events enough for the runtime to take a safe point.
extern "C" noinline void trigger_safe_point() {
  struct timespec pause = {0, 20 * 1000 * 1000};

  for (int round = 0; round < 2; round++) {
    for (int i = 0; i < 4096; i++) {
      char *p = new char[16];

      OPTIMIZER_HIDE_VAR(p);
      if (i & 1) {
        safe_point_slot = p;
        safe_point_slot = nullptr;
      }
      delete[] p;
    }
    if (round == 0)
      nanosleep(&pause, nullptr);
  }
}

extern "C" noinline void make_widget() {
  slot = new Widget();
  fprintf(stderr, "object at %016lx, slot at %016lx\n", (unsigned long)slot,
          (unsigned long)&slot);
}

extern "C" noinline void forget_widget() { WRITE_ONCE(slot, nullptr); }

int main() {
  make_widget();
  forget_widget();
  trigger_safe_point();
  fprintf(stderr, "alloc_new: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]], slot at [[#%.16x,SLOT:]]
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KLSAN: memory leak in forget_widget+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// CHECK-NEXT: Last reference to 64-byte object at [[#%.16x,OBJ]] was overwritten
// CHECK-NEXT: {{^ }}at addr [[#%.16x,SLOT]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}forget_widget+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}make_widget+0x
// CHECK: {{^}}The object belongs to the cache kmalloc-64 of size 64
// CHECK: ==================================================================
// CHECK-NOT: BUG: KLSAN
// CHECK: alloc_new: done

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
