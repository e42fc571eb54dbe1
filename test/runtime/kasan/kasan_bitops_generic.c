// kasan_bitops_generic: the bit operations from kernel.h on the long just
// past a 9-byte kzalloc object (cache kmalloc-16). The bit itself is inside
// the 16-byte slot, but a bitop accesses its whole 8-byte word, of which only
// the first byte was allocated: every operation is an 8-byte access that
// generic KASAN must catch. Atomic read-modify-writes are writes; the plain
// read-modify-writes read first; test_bit only reads.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: %clang_kmemsan -O1 -g --kmemsan-opt=kasan-mode=inline %s -o %t.inline
// RUN: %t.inline 2>&1 | FileCheck %s

#include <kmemsan/kernel.h>
#include <stdio.h>

volatile int kasan_int_result;

#define BITOP(call)                                                            \
  do {                                                                         \
    fprintf(stderr, "bitop " #call "\n");                                      \
    barrier();                                                                 \
    call;                                                                      \
    barrier();                                                                 \
  } while (0)

noinline void kasan_bitops_generic(void) {
  unsigned long *bits = kzalloc(sizeof(*bits) + 1, GFP_KERNEL);
  long nr;

  if (!bits) {
    fprintf(stderr, "kzalloc failed\n");
    return;
  }
  fprintf(stderr, "bits at %016lx\n", (unsigned long)bits);
  OPTIMIZER_HIDE_VAR(bits);

  /* A bit of the second word: inside the slot, outside the object. */
  nr = BITS_PER_LONG;
  BITOP(set_bit(nr, bits));
  BITOP(__set_bit(nr, bits));
  BITOP(clear_bit(nr, bits));
  BITOP(__clear_bit(nr, bits));
  BITOP(change_bit(nr, bits));
  BITOP(__change_bit(nr, bits));

  /* Beyond the allocated byte of the second word. */
  nr = BITS_PER_LONG + 8;
  BITOP(kasan_int_result = test_and_set_bit(nr, bits));
  BITOP(kasan_int_result = __test_and_set_bit(nr, bits));
  BITOP(kasan_int_result = test_and_clear_bit(nr, bits));
  BITOP(kasan_int_result = __test_and_clear_bit(nr, bits));
  BITOP(kasan_int_result = test_and_change_bit(nr, bits));
  BITOP(kasan_int_result = test_bit(nr, bits));
  fprintf(stderr, "bitops done\n");

  kfree(bits);
}

int main(void) {
  kasan_bitops_generic();
  fprintf(stderr, "kasan_bitops_generic: done\n");
  return 0;
}

// CHECK: bits at [[#%.16x,OBJ:]]

// CHECK-LABEL: bitop set_bit(nr, bits)
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kasan_bitops_generic+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Write of size 8 at addr [[#%.16x,OBJ+8]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}kasan_bitops_generic+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}kasan_bitops_generic+0x
// CHECK: The buggy address belongs to the object at [[#%.16x,OBJ]]
// CHECK-NEXT: {{^ }}which belongs to the cache kmalloc-16 of size 16
// CHECK-NEXT: The buggy address is located 8 bytes inside of
// CHECK-NEXT: {{^ }}allocated 9-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+9]])
// CHECK: Memory state around the buggy address:
// CHECK: {{^>[0-9a-f]{16}: ([0-9a-f]{2} )*00 01}}
// CHECK-NEXT: {{^ +\^$}}
// CHECK: ==================================================================

// CHECK-LABEL: bitop __set_bit(nr, bits)
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kasan_bitops_generic+0x
// CHECK-NEXT: Read of size 8 at addr [[#%.16x,OBJ+8]] by task

// CHECK-LABEL: bitop clear_bit(nr, bits)
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kasan_bitops_generic+0x
// CHECK-NEXT: Write of size 8 at addr [[#%.16x,OBJ+8]] by task

// CHECK-LABEL: bitop __clear_bit(nr, bits)
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kasan_bitops_generic+0x
// CHECK-NEXT: Read of size 8 at addr [[#%.16x,OBJ+8]] by task

// CHECK-LABEL: bitop change_bit(nr, bits)
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kasan_bitops_generic+0x
// CHECK-NEXT: Write of size 8 at addr [[#%.16x,OBJ+8]] by task

// CHECK-LABEL: bitop __change_bit(nr, bits)
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kasan_bitops_generic+0x
// CHECK-NEXT: Read of size 8 at addr [[#%.16x,OBJ+8]] by task

// CHECK-LABEL: bitop kasan_int_result = test_and_set_bit(nr, bits)
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kasan_bitops_generic+0x
// CHECK-NEXT: Write of size 8 at addr [[#%.16x,OBJ+8]] by task

// CHECK-LABEL: bitop kasan_int_result = __test_and_set_bit(nr, bits)
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kasan_bitops_generic+0x
// CHECK-NEXT: Read of size 8 at addr [[#%.16x,OBJ+8]] by task

// CHECK-LABEL: bitop kasan_int_result = test_and_clear_bit(nr, bits)
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kasan_bitops_generic+0x
// CHECK-NEXT: Write of size 8 at addr [[#%.16x,OBJ+8]] by task

// CHECK-LABEL: bitop kasan_int_result = __test_and_clear_bit(nr, bits)
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kasan_bitops_generic+0x
// CHECK-NEXT: Read of size 8 at addr [[#%.16x,OBJ+8]] by task

// CHECK-LABEL: bitop kasan_int_result = test_and_change_bit(nr, bits)
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kasan_bitops_generic+0x
// CHECK-NEXT: Write of size 8 at addr [[#%.16x,OBJ+8]] by task

// CHECK-LABEL: bitop kasan_int_result = test_bit(nr, bits)
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-out-of-bounds in kasan_bitops_generic+0x
// CHECK-NEXT: Read of size 8 at addr [[#%.16x,OBJ+8]] by task

// CHECK-LABEL: bitops done
// CHECK-NOT: BUG: KASAN
// CHECK: kasan_bitops_generic: done
