// kmalloc_uaf_memset_untouched: a memset() of a constant 33 bytes over a
// freed 33-byte kmalloc object, as the kernel's KASAN KUnit case
// kmalloc_uaf_memset does. Like the kernel's KASAN, a correct tool reports
// one write of size 33 and then leaves the freed object alone: a freed
// object's first words hold the allocator's and the quarantine's own links
// (Linux keeps its quarantine list there), and a memset that went ahead
// after its report would cut that list. The bytes of the freed object are
// read with plain loads in asm (no check) before and after the memset and
// must be the same. Outline and inline checks.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log
// RUN: %clang_kmemsan -O1 -g --kmemsan-opt=kasan-mode=inline %s -o %t.inline
// RUN: %t.inline > %t.inline.log 2>&1
// RUN: FileCheck %s < %t.inline.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.inline.log

#include <kmemsan/kernel.h>
#include <stdio.h>
#include <string.h>

#define SIZE 33

/* One byte, loaded by asm: no KASan check. */
static unsigned char peek(const unsigned char *p) {
  unsigned char v;

  asm volatile("movb (%1), %0" : "=q"(v) : "r"(p) : "memory");
  return v;
}

static void snapshot(const unsigned char *p, unsigned char *out) {
  int i;

  for (i = 0; i < SIZE; i++)
    out[i] = peek(p + i);
}

noinline void kmalloc_uaf_memset_untouched(void) {
  unsigned char before[SIZE], after[SIZE];
  unsigned char *ptr = kmalloc(SIZE, GFP_KERNEL);
  int i, changed = 0;

  if (!ptr) {
    fprintf(stderr, "kmalloc failed\n");
    return;
  }
  for (i = 0; i < SIZE; i++)
    ptr[i] = 0x5a;
  fprintf(stderr, "object at %016lx\n", (unsigned long)ptr);
  kfree(ptr);
  OPTIMIZER_HIDE_VAR(ptr);
  snapshot(ptr, before);
  barrier();
  memset(ptr, 0, SIZE); /* the length stays a constant */
  barrier();
  snapshot(ptr, after);
  for (i = 0; i < SIZE; i++)
    changed += before[i] != after[i];
  fprintf(stderr, "bytes of the freed object changed by the memset: %d\n",
          changed);
}

int main(void) {
  kmalloc_uaf_memset_untouched();
  fprintf(stderr, "kmalloc_uaf_memset_untouched: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-use-after-free in kmalloc_uaf_memset_untouched+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Write of size 33 at addr [[#%.16x,OBJ]] by task {{.+}}/{{[0-9]+}}
// CHECK: ==================================================================
// CHECK-NEXT: bytes of the freed object changed by the memset: 0
// CHECK-NEXT: kmalloc_uaf_memset_untouched: done

// COUNT-COUNT-1: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
