// shared-library: an instrumented executable linked against an instrumented
// shared library. Linking the library with -shared works (the runtime goes
// into the executable only, and the library has none of it), and the
// executable's runtime serves the library: a correct tool reports the
// library's heap overflow as a slab-out-of-bounds write in lib_fill, with
// the library's function and then main on the stack, and the library's
// lost buffer as a KLSan leak whose last reference was overwritten in
// lib_attach, allocated in lib_attach.
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %clang_kmemsan --kasan --klsan -O1 -g -fPIC -shared %S/Inputs/shared_lib.c -o %t.dir/libshared_lib.so
// The library carries no runtime: no start-up entry, no definitions of its own.
// RUN: llvm-readelf -S %t.dir/libshared_lib.so | FileCheck %s --check-prefix=SECTIONS
// RUN: llvm-nm -D --defined-only %t.dir/libshared_lib.so | FileCheck %s --check-prefix=LIBSYMS
// RUN: %clang_kmemsan --kasan --klsan -O1 -g %s -L%t.dir -lshared_lib -Wl,-rpath,%t.dir -o %t.dir/main
// RUN: %t.dir/main > %t.log 2>&1
// RUN: FileCheck %s < %t.log

#include <stdio.h>

int lib_fill(int n);
void lib_leak(void);

int main(int argc, char **argv) {
  lib_fill(argc + 9);
  lib_leak();
  fprintf(stderr, "shared-library: done\n");
  return 0;
}

// SECTIONS-NOT: .preinit_array
// LIBSYMS-NOT: {{ T (malloc|__asan_|kmemsan_)}}
// LIBSYMS: T lib_fill
// LIBSYMS-NOT: {{ T (malloc|__asan_|kmemsan_)}}

// CHECK: BUG: KASAN: slab-out-of-bounds in lib_fill+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Write of size 1 at addr {{[0-9a-f]+}} by task
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}lib_fill+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (shared_lib.c:
// CHECK-NEXT: {{^ }}main+0x
// CHECK: allocated 10-byte region
// CHECK: shared-library: done
// CHECK: BUG: KLSAN: memory leak in lib_attach+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Last reference to 48-byte object at {{[0-9a-f]+}} was overwritten
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}lib_attach+0x
// CHECK-NEXT: {{^ }}lib_leak+0x
// CHECK: Allocated by task
// CHECK-NEXT: {{^ }}lib_attach+0x
