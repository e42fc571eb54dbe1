// memcpy_reported_once: every bad memcpy is reported exactly once, whichever
// path it takes:
// - a variable-length memcpy in instrumented code becomes the runtime's
//   checked __asan_memcpy (one report, attributed to the caller);
// - a short constant-length memcpy stays inline, checked by the pass;
// - memcpy called from code built without the plugin is checked by the
//   hosted memcpy itself, and the report names that caller.
// A bad copy is not performed (like the kernel's memcpy), so the byte after
// the destination object keeps its value.
//
// RUN: %clang -O1 -g -fno-omit-frame-pointer -fno-optimize-sibling-calls -c %S/Inputs/uninstrumented_copy.c -o %t.plain.o
// RUN: %clang_kmemsan -O1 -g %s %t.plain.o -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: %clang_kmemsan -O0 -g %s %t.plain.o -o %t.O0
// RUN: %t.O0 > %t.O0.log 2>&1
// RUN: FileCheck %s < %t.O0.log

#include <kmemsan/kernel.h>
#include <stdio.h>
#include <string.h>

void uninstrumented_copy(void *dst, const void *src, size_t n);

noinline void copy_variable_length(char *dst, const char *src, size_t n) {
  memcpy(dst, src, n);
}

noinline void copy_constant_length(char *dst, const char *src) {
  memcpy(dst, src, 48);
}

int main(void) {
  char *src = kzalloc(64, GFP_KERNEL);
  char *dst = kmalloc(40, GFP_KERNEL);
  size_t n = 48;

  OPTIMIZER_HIDE_VAR(n);
  fprintf(stderr, "object at %016lx\n", (unsigned long)dst);
  copy_variable_length(dst, src, n);
  copy_constant_length(dst, src);
  uninstrumented_copy(dst, src, n);
  kfree(dst);
  kfree(src);
  fprintf(stderr, "memcpy_reported_once: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// CHECK: BUG: KASAN: slab-out-of-bounds in copy_variable_length+0x
// CHECK-NEXT: Write of size 48 at addr [[#%.16x,OBJ]] by task
// CHECK: allocated 40-byte region
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: BUG: KASAN: slab-out-of-bounds in copy_constant_length+0x
// CHECK-NEXT: Write of size 48 at addr [[#%.16x,OBJ]] by task
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: BUG: KASAN: slab-out-of-bounds in uninstrumented_copy+0x
// CHECK-NEXT: Write of size 48 at addr [[#%.16x,OBJ]] by task
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: memcpy_reported_once: done
