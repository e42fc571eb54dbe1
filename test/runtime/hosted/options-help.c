// options-help: help=1 lists every option with its type, default and
// meaning, then the program runs normally.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: env KMEMSAN_OPTIONS=help=1 %t 2>&1 | FileCheck %s

#include <stdio.h>

int main(void) {
  fprintf(stderr, "main ran\n");
  return 0;
}

// CHECK: kmemsan: options (KMEMSAN_OPTIONS=key=value:key=value...):
// CHECK-DAG: kasan {{.*}}bool
// CHECK-DAG: halt_on_error {{.*}}bool
// CHECK-DAG: quarantine_size_mb
// CHECK-DAG: symbolize {{.*}}bool
// CHECK-DAG: log_path {{.*}}string
// CHECK-DAG: help
// CHECK: main ran
