// kasan_stack_oob: a read just past a 10-byte stack array, with stack
// instrumentation on (like CONFIG_KASAN_STACK). The report describes the
// frame: its only object, the array, at [32, 42), and the access at 42.
//
// RUN: %clang_kmemsan --kmemsan-opt=stack=1 -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log
// RUN: %clang_kmemsan --kmemsan-opt=stack=1 --kmemsan-opt=kasan-mode=inline -O1 -g %s -o %t.inline
// RUN: %t.inline 2>&1 | FileCheck %s

#include <kmemsan/kernel.h>
#include <stdio.h>

noinline void kasan_stack_oob(void) {
  char stack_array[10];
  char *p = stack_array;

  fprintf(stderr, "stack_array at %016lx\n", (unsigned long)stack_array);
  /* Hide the bounds from the compiler; the array is the frame's only object. */
  OPTIMIZER_HIDE_VAR(p);
  barrier();
  (void)((volatile char *)p)[ARRAY_SIZE(stack_array)];
  barrier();
}

int main(void) {
  kasan_stack_oob();
  fprintf(stderr, "kasan_stack_oob: done\n");
  return 0;
}

// CHECK: stack_array at [[#%.16x,S:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: stack-out-of-bounds in kasan_stack_oob+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size 1 at addr [[#%.16x,S+10]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}kasan_stack_oob+0x
// CHECK: The buggy address belongs to stack of task {{.+}}/{{[0-9]+}}
// CHECK-NEXT: {{^ }}and is located at offset 42 in frame:
// CHECK-NEXT: {{^ }}kasan_stack_oob+0x0/0x{{[0-9a-f]+}}
// CHECK: This frame has 1 object:
// CHECK-NEXT: {{^ }}[32, 42) 'stack_array'
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: ([0-9a-f]{2} )*02( f3.*)?$}}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: kasan_stack_oob: done

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
