// log-path: log_path=PATH sends reports to PATH.<pid> (like ASan) and
// leaves stderr to the program; log_path=stderr is the default stream.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: env KMEMSAN_OPTIONS=log_path=%t.dir/report %t > %t.stderr 2>&1
// RUN: FileCheck %s --check-prefix=STDERR < %t.stderr
// RUN: cat %t.dir/report.* | FileCheck %s
// RUN: env KMEMSAN_OPTIONS=log_path=stderr %t 2>&1 | FileCheck %s
// An unwritable path is reported once and the reports go to stderr.
// RUN: env KMEMSAN_OPTIONS=log_path=%t.dir/no/such/dir/report %t 2>&1 | FileCheck %s --check-prefix=BADPATH

#include <kmemsan/kernel.h>
#include <stdio.h>

noinline void log_path_oob(void) {
  char *p = kmalloc(24, GFP_KERNEL);
  OPTIMIZER_HIDE_VAR(p);
  p[24] = 1;
  kfree(p);
}

int main(void) {
  log_path_oob();
  fprintf(stderr, "program output\n");
  return 0;
}

// CHECK: BUG: KASAN: slab-out-of-bounds in log_path_oob
// CHECK: Write of size 1 at addr
// CHECK: cache kmalloc-32 of size 32

// STDERR-NOT: BUG: KASAN
// STDERR: program output
// STDERR-NOT: BUG: KASAN

// BADPATH: kmemsan: cannot open the log file '{{.*}}/no/such/dir/report.{{[0-9]+}}': No such file or directory; writing reports to stderr
// BADPATH: BUG: KASAN: slab-out-of-bounds in log_path_oob
// BADPATH: program output
