// kmalloc_memmove_negative_size: memmove() within a 64-byte kmalloc object
// with a "negative" size (size_t)-2. The source range wraps around the
// address space, which generic KASAN reports as out-of-bounds with the huge
// size; memmove() must then not copy anything and the program goes on.
// With KLSan on as well, the copy event of the memmove that did not happen
// moves no tags (walking its "range" would never end: Linux 6.12's KASAN
// suite hung there) and no leak is reported.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log
// RUN: %clang_kmemsan --kasan --klsan -O1 -g %s -o %t.klsan
// RUN: %t.klsan > %t.klsan.log 2>&1
// RUN: FileCheck %s < %t.klsan.log
// RUN: FileCheck %s --check-prefix=COUNT --check-prefix=NOLEAK < %t.klsan.log

#include <kmemsan/kernel.h>
#include <stdio.h>
#include <string.h>

noinline void kmalloc_memmove_negative_size(void) {
  size_t size = 64;
  size_t invalid_size = -2;
  char *ptr = kmalloc(size, GFP_KERNEL);

  if (!ptr) {
    fprintf(stderr, "kmalloc failed\n");
    return;
  }
  fprintf(stderr, "object at %016lx\n", (unsigned long)ptr);
  memset(ptr, 0, 64);
  OPTIMIZER_HIDE_VAR(ptr);
  OPTIMIZER_HIDE_VAR(invalid_size);

  barrier();
  memmove(ptr, ptr + 4, invalid_size);
  barrier();

  kfree(ptr);
}

int main(void) {
  kmalloc_memmove_negative_size();
  fprintf(stderr, "kmalloc_memmove_negative_size: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: out-of-bounds in kmalloc_memmove_negative_size+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size 18446744073709551614 at addr [[#%.16x,OBJ+4]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK: {{^ }}kmalloc_memmove_negative_size+0x
// CHECK: ==================================================================
// CHECK-NOT: BUG: KASAN
// CHECK: kmalloc_memmove_negative_size: done

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
// NOLEAK-NOT: BUG: KLSAN:
