// kasan_strings: the string functions strchr, strrchr, strcmp, strncmp,
// strlen and strnlen, each called on a freed 24-byte kmalloc object (16 bytes
// in, where the zeroed contents make each call touch little memory). Each
// call is one slab-use-after-free read reported in its caller.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#include <kmemsan/kernel.h>
#include <stdio.h>
#include <string.h>

void *volatile kasan_ptr_result;
volatile long kasan_int_result;

#define STRING_CALL(name, expr)                                                \
  do {                                                                         \
    fprintf(stderr, "call " #name "\n");                                       \
    barrier();                                                                 \
    expr;                                                                      \
    barrier();                                                                 \
  } while (0)

noinline void kasan_strings(void) {
  size_t size = 24;
  char *ptr = kmalloc(size, GFP_KERNEL | __GFP_ZERO);

  if (!ptr) {
    fprintf(stderr, "kmalloc failed\n");
    return;
  }
  fprintf(stderr, "object at %016lx\n", (unsigned long)ptr);
  kfree(ptr);
  ptr += 16;
  OPTIMIZER_HIDE_VAR(ptr);

  /* Each call between compiler barriers, as in the kernel's test. */
  STRING_CALL(strchr, kasan_ptr_result = strchr(ptr, '1'));
  STRING_CALL(strrchr, kasan_ptr_result = strrchr(ptr, '1'));
  STRING_CALL(strcmp, kasan_int_result = strcmp(ptr, "2"));
  STRING_CALL(strncmp, kasan_int_result = strncmp(ptr, "2", 1));
  STRING_CALL(strlen, kasan_int_result = strlen(ptr));
  STRING_CALL(strnlen, kasan_int_result = strnlen(ptr, 1));
  fprintf(stderr, "calls done\n");
}

int main(void) {
  kasan_strings();
  fprintf(stderr, "kasan_strings: done\n");
  return 0;
}

// CHECK: object at [[#%.16x,OBJ:]]
// CHECK-LABEL: call strchr
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-use-after-free in kasan_strings+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
// CHECK-NEXT: Read of size {{[0-9]+}} at addr [[#%.16x,OBJ+16]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK: {{^ }}kasan_strings+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}kasan_strings+0x
// CHECK: Freed by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}kasan_strings+0x
// CHECK: The buggy address belongs to the object at [[#%.16x,OBJ]]
// CHECK-NEXT: {{^ }}which belongs to the cache kmalloc-32 of size 32
// CHECK-NEXT: The buggy address is located 16 bytes inside of
// CHECK-NEXT: {{^ }}freed 24-byte region {{\[}}[[#%.16x,OBJ]], [[#%.16x,OBJ+24]])
// CHECK: ==================================================================

// CHECK-LABEL: call strrchr
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-use-after-free in kasan_strings+0x
// CHECK-NEXT: Read of size {{[0-9]+}} at addr [[#%.16x,OBJ+16]] by task

// CHECK-LABEL: call strcmp
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-use-after-free in kasan_strings+0x
// CHECK-NEXT: Read of size {{[0-9]+}} at addr [[#%.16x,OBJ+16]] by task

// CHECK-LABEL: call strncmp
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-use-after-free in kasan_strings+0x
// CHECK-NEXT: Read of size {{[0-9]+}} at addr [[#%.16x,OBJ+16]] by task

// CHECK-LABEL: call strlen
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-use-after-free in kasan_strings+0x
// CHECK-NEXT: Read of size {{[0-9]+}} at addr [[#%.16x,OBJ+16]] by task

// CHECK-LABEL: call strnlen
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KASAN: slab-use-after-free in kasan_strings+0x
// CHECK-NEXT: Read of size {{[0-9]+}} at addr [[#%.16x,OBJ+16]] by task

// CHECK-LABEL: calls done
// CHECK-NOT: BUG: KASAN
// CHECK: kasan_strings: done

// COUNT-COUNT-6: BUG: KASAN:
// COUNT-NOT: BUG: KASAN:
