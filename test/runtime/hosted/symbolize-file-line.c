// symbolize-file-line: with debug info and llvm-symbolizer installed, every
// frame of a report shows "func+0xoff/0xsize (file.c:LINE)" with the line of
// the access or of the call; symbolize=0 prints only func+0xoff/0xsize.
//
// REQUIRES: llvm-symbolizer
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s --check-prefix=ACCESS < %t.log
// RUN: FileCheck %s --check-prefix=ALLOC < %t.log
// RUN: env KMEMSAN_OPTIONS=symbolize=0 %t 2>&1 | FileCheck %s --check-prefix=NOLOC

#include <kmemsan/kernel.h>

noinline char *symbolize_alloc(void) {
  char *p = kmalloc(40, GFP_KERNEL);
  // ALLOC: Allocated by task
  // ALLOC-NEXT: {{^}} symbolize_alloc+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (symbolize-file-line.c:[[@LINE-2]])
  OPTIMIZER_HIDE_VAR(p); // keeps the call out of tail position
  return p;
}

noinline void symbolize_access(char *p) {
  OPTIMIZER_HIDE_VAR(p);
  p[40] = 'x';
  // ACCESS: BUG: KASAN: slab-out-of-bounds in symbolize_access+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}{{$}}
  // ACCESS: Call Trace:
  // ACCESS-NEXT: {{^}} symbolize_access+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (symbolize-file-line.c:[[@LINE-3]])
}

int main(void) {
  char *p = symbolize_alloc();
  // ALLOC-NEXT: {{^}} main+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (symbolize-file-line.c:[[@LINE-1]])
  symbolize_access(p);
  // ACCESS-NEXT: {{^}} main+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (symbolize-file-line.c:[[@LINE-1]])
  kfree(p);
  return 0;
}

// NOLOC: Call Trace:
// NOLOC-NEXT: {{^}} symbolize_access+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}{{$}}
// NOLOC-NOT: .c:
