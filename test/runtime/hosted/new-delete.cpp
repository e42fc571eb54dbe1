// new-delete: C++'s operator new/new[] and delete/delete[] (plain, nothrow,
// sized and aligned) use the tracked allocator: objects come from the
// kmalloc caches and a use after delete is reported with both stacks.
//
// RUN: %clangxx_kmemsan -O1 -g %s -o %t
// RUN: %t 2>&1 | FileCheck %s

#include <new>
#include <stdio.h>

struct alignas(64) Aligned {
  char bytes[100];
};

struct Widget {
  int values[10];
};

__attribute__((noinline)) int use_after_delete(Widget *w) {
  delete w;
  return w->values[3];
}

int main() {
  int *a = new int[5];
  a[4] = 1;
  delete[] a;
  Aligned *al = new Aligned;
  if ((reinterpret_cast<unsigned long>(al) & 63) != 0)
    fprintf(stderr, "misaligned\n");
  delete al;
  int *n = new (std::nothrow) int(3);
  delete n;
  fprintf(stderr, "correct use done\n");
  Widget *volatile w = new Widget();
  return use_after_delete(w) == 42;
}

// CHECK-NOT: misaligned
// CHECK-NOT: BUG: KASAN
// CHECK: correct use done
// CHECK: BUG: KASAN: slab-use-after-free in {{.*}}use_after_delete
// CHECK: Read of size 4 at addr
// CHECK: Allocated by task
// CHECK-NEXT: {{^}} main+
// CHECK: Freed by task
// CHECK-NEXT: {{^}} {{.*}}use_after_delete
// CHECK: cache kmalloc-64 of size 64
// CHECK: freed 40-byte region
