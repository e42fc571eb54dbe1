// options-bad-value: a known option with a value of the wrong type is a
// start-up error that names the option and the value; exit code 1.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: env KMEMSAN_OPTIONS=halt_on_error=maybe not %t 2>&1 | FileCheck %s
// RUN: env KMEMSAN_OPTIONS=quarantine_size_mb=lots not %t 2>&1 | FileCheck %s --check-prefix=SIZE

#include <stdio.h>

int main(void) {
  fprintf(stderr, "main ran\n");
  return 0;
}

// CHECK: kmemsan: bad value 'maybe' for option 'halt_on_error' in KMEMSAN_OPTIONS
// CHECK-NOT: main ran
// SIZE: kmemsan: bad value 'lots' for option 'quarantine_size_mb' in KMEMSAN_OPTIONS
// SIZE-NOT: main ran
