// fortify-source: with _FORTIFY_SOURCE, glibc's headers turn a strcpy or
// memcpy into a buffer of known size into a __strcpy_chk/__memcpy_chk call
// (written out here as the builtins the headers use, so that the test does
// not depend on when clang knows an object's size), which the pass does not
// see. The runtime's own _chk functions check such calls like the kernel's
// string functions: a copy into a freed object is reported at the caller.
//
// RUN: %clang_kmemsan -O2 -D_FORTIFY_SOURCE=2 -g %s -o %t
// RUN: %t 2>&1 | FileCheck %s
// RUN: llvm-nm %t | FileCheck %s --check-prefix=SYMS

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define noinline __attribute__((noinline))

struct record {
  int id;
  char name[32];
};

const char *volatile source = "record name"; // unknown to the compiler

noinline void fortify_rename(struct record *r) {
  __builtin___strcpy_chk(r->name, source, sizeof(r->name));
  __asm__ volatile("" ::: "memory"); // keeps the call out of tail position
}

int main(void) {
  struct record *r = malloc(sizeof(*r));
  fortify_rename(r);
  fprintf(stderr, "rename done: %s\n", r->name);
  free(r);
  fortify_rename(r);
  fprintf(stderr, "rename after free done\n");
  return 0;
}

// SYMS: T __strcpy_chk

// CHECK-NOT: BUG: KASAN
// CHECK: rename done: record name
// CHECK: BUG: KASAN: slab-use-after-free in fortify_rename+
// CHECK: Write of size 12 at addr
// CHECK: Call Trace:
// CHECK-NEXT: {{^}} fortify_rename+
// CHECK: freed 36-byte region
// CHECK: rename after free done
