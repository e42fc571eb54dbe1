// unwind-deep: a bad access 50 calls deep in a recursion. The frame-pointer
// unwinder walks the whole chain: the Call Trace shows the recursive
// function frame after frame, down to main(), within the stack_depth limit
// (stack_depth=64 here).
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: env KMEMSAN_OPTIONS=stack_depth=64 %t 2>&1 | FileCheck %s
// The default depth (32) cuts the trace before main().
// RUN: %t 2>&1 | FileCheck %s --check-prefix=SHORT

#include <kmemsan/kernel.h>

static char *volatile object;

noinline int unwind_recurse(int depth) {
  if (depth == 0) {
    object[16] = 1; // 16-byte object: a write right after it
    return 0;
  }
  volatile int here = 1; // read after the call: no tail call, no loop
  int below = unwind_recurse(depth - 1);
  return below + here;
}

int main(void) {
  object = kmalloc(16, GFP_KERNEL);
  int r = unwind_recurse(49);
  kfree(object);
  return r == 49 ? 0 : 1;
}

// CHECK: BUG: KASAN: slab-out-of-bounds in unwind_recurse
// CHECK: Call Trace:
// CHECK-COUNT-50: {{^}} unwind_recurse+0x
// CHECK-NEXT: {{^}} main+0x
// CHECK: Allocated by task
// CHECK-NEXT: {{^}} main+0x

// SHORT: Call Trace:
// SHORT-COUNT-32: {{^}} unwind_recurse+0x
// SHORT-NEXT: {{^$}}
