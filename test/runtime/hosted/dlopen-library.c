// dlopen-library: an instrumented executable loads an instrumented shared
// library with dlopen; nothing links the two. The executable exports its
// runtime's entry points, so the library's __asan_* and malloc calls reach
// it: a correct tool reports the library's heap overflow as a
// slab-out-of-bounds write in lib_fill, called from main, and the
// library's lost buffer as a KLSan leak overwritten in lib_attach.
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %clang_kmemsan --kasan --klsan -O1 -g -fPIC -shared %S/Inputs/shared_lib.c -o %t.dir/libshared_lib.so
// RUN: %clang_kmemsan --kasan --klsan -O1 -g %s -o %t.dir/main
// RUN: %t.dir/main %t.dir/libshared_lib.so > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// A library that cannot be loaded is the program's business: it says so.
// RUN: %t.dir/main %t.dir/missing.so 2>&1 | FileCheck %s --check-prefix=MISSING

#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char **argv) {
  void *lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) {
    fprintf(stderr, "dlopen failed: %s\n", dlerror());
    return 0;
  }
  int (*fill)(int) = (int (*)(int))dlsym(lib, "lib_fill");
  void (*leak)(void) = (void (*)(void))dlsym(lib, "lib_leak");
  fill(argc + 8);
  leak();
  fprintf(stderr, "dlopen-library: done\n");
  return 0;
}

// CHECK: BUG: KASAN: slab-out-of-bounds in lib_fill+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Write of size 1 at addr {{[0-9a-f]+}} by task
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}lib_fill+0x
// CHECK-NEXT: {{^ }}main+0x
// CHECK: allocated 10-byte region
// CHECK: dlopen-library: done
// CHECK: BUG: KLSAN: memory leak in lib_attach+0x
// CHECK-NEXT: Last reference to 48-byte object at {{[0-9a-f]+}} was overwritten

// MISSING-NOT: BUG:
// MISSING: dlopen failed: {{.*}}missing.so
