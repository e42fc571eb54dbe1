// options-unknown: an option the runtime does not know is a start-up error
// that names it, lists the known options and stops the program with exit
// code 1 before main() runs.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: env KMEMSAN_OPTIONS=bogus=1 not %t > %t.out 2>&1
// RUN: FileCheck %s < %t.out
// RUN: env KMEMSAN_OPTIONS=kasan=1:bogus=1 not %t 2>&1 | FileCheck %s
// RUN: %t 2>&1 | FileCheck %s --check-prefix=GOOD

#include <stdio.h>

int main(void) {
  fprintf(stderr, "main ran\n");
  return 0;
}

// CHECK: kmemsan: unknown option 'bogus' in KMEMSAN_OPTIONS
// CHECK: kasan
// CHECK-NOT: main ran
// GOOD-NOT: kmemsan:
// GOOD: main ran
