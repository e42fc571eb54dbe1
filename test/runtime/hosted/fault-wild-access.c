// fault-wild-access: a wild pointer beyond user space has no shadow. With
// inline checks, the check's own shadow load faults; the SIGSEGV handler
// prints a kernel-style oops that turns the faulting shadow address back into
// the range the program tried to reach, then the process exits with code 1.
// With outline checks the core reports wild-memory-access first, then the
// access itself faults. A NULL dereference is named as such.
//
// RUN: %clang_kmemsan --kmemsan-opt=kasan-mode=inline -O1 -g %s -o %t.inline
// RUN: not %t.inline wild 2>&1 | FileCheck %s --check-prefix=INLINE
// RUN: %clang_kmemsan -O1 -g %s -o %t.outline
// RUN: not %t.outline wild 2>&1 | FileCheck %s --check-prefix=OUTLINE
// RUN: not %t.outline null 2>&1 | FileCheck %s --check-prefix=NULL

#include <kmemsan/kernel.h>
#include <string.h>

noinline long fault_read(long *p) {
  long v = *p;
  OPTIMIZER_HIDE_VAR(v); // keeps this frame and the call out of tail position
  return v;
}

int main(int argc, char **argv) {
  long *p = (long *)0x0000900000000000UL; // above the 47-bit user space
  if (argc > 1 && !strcmp(argv[1], "null"))
    p = NULL;
  OPTIMIZER_HIDE_VAR(p);
  long v = fault_read(p);
  OPTIMIZER_HIDE_VAR(v);
  return (int)v;
}

// INLINE: general protection fault, probably for non-canonical address 0x12007fff8000: 0000 [#1] KMEMSAN
// INLINE-NEXT: KASAN: maybe wild-memory-access in range [0x900000000000-0x900000000007]
// INLINE-NEXT: task: {{.*}}/{{[0-9]+}}
// INLINE-NEXT: RIP: fault_read+0x

// OUTLINE: BUG: KASAN: wild-memory-access in fault_read+0x
// OUTLINE: Read of size 8 at addr 0000900000000000
// The address is not canonical (48-bit addresses): a general protection
// fault, for which the CPU does not give the address.
// OUTLINE: general protection fault, probably for non-canonical address: 0000 [#1] KMEMSAN
// OUTLINE-NEXT: KASAN: maybe wild-memory-access (a non-canonical address)
// OUTLINE: RIP: fault_read+0x
// OUTLINE: Call Trace:
// OUTLINE-NEXT: {{^}} main+0x

// NULL: BUG: NULL pointer dereference, address: 0x0
// NULL: RIP: fault_read+0x
// NULL: Call Trace:
// NULL-NEXT: {{^}} main+0x
