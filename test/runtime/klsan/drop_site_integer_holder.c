// drop_site_integer_holder: setup_device() leaks a buffer on its error path
// (the pointer was only in its registers). Before the next safe point, an
// unrelated integer equal to the buffer's address passes through memory:
// note_flush() records a flush range whose end, start + len computed from
// two integer arguments, is exactly the buffer's address, and a later
// flush overwrites it. (Linux's flush_tlb_info.end does this with vmalloc
// areas.) That word never held the buffer: a correct tool blames
// setup_device, where the last real reference went ("was never stored;
// last seen in setup_device"), not note_flush.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log
// RUN: %clang_kmemsan --klsan -O2 -g %s -o %t.O2
// RUN: %t.O2 > %t.O2.log 2>&1
// RUN: FileCheck %s < %t.O2.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.O2.log

#include "Inputs/klsan_test.h"
#include <string.h>

#define EINVAL 22
#define COOKIE_KEY 0x5a5a5a5a5a5a5a5aUL

struct flush_info {
  unsigned long start;
  unsigned long end;
};

static struct flush_info last_flush;
/* The buffer's address, scrambled so that it is no reference. */
static unsigned long buf_cookie;

static noinline int setup_device(void) {
  unsigned char *buf = kmalloc(64, GFP_KERNEL);

  memset(buf, 0x5a, 64);
  fprintf(stderr, "setup_device: buffer at %016lx, failing\n",
          (unsigned long)buf);
  buf_cookie = (unsigned long)buf ^ COOKIE_KEY;
  return -EINVAL; /* the bug: buf is not freed */
}

static noinline void note_flush(struct flush_info *f, unsigned long start,
                                unsigned long len) {
  f->start = start;
  f->end = start + len;
}

static noinline void flush_around_buffer(void) {
  unsigned long addr = buf_cookie ^ COOKIE_KEY;

  note_flush(&last_flush, addr - 4096, 4096); /* end == the buffer */
  note_flush(&last_flush, 0x10000, 4096);
}

int main(void) {
  int err = setup_device();

  flush_around_buffer();
  fprintf(stderr, "flushes done: %d, last %lx-%lx\n", err, last_flush.start,
          last_flush.end);
  trigger_safe_point();
  fprintf(stderr, "drop_site_integer_holder: done\n");
  return 0;
}

// CHECK: setup_device: buffer at [[#%.16x,BUF:]], failing
// CHECK-NOT: BUG: KLSAN
// CHECK: flushes done: -22, last 10000-11000
// CHECK-NEXT: ==================================================================
// CHECK-NEXT: BUG: KLSAN: memory leak in setup_device+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// CHECK-NEXT: Last reference to 64-byte object at [[#%.16x,BUF]] was never stored; last seen in setup_device
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}setup_device+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}setup_device+0x
// CHECK: ==================================================================
// CHECK-NOT: BUG: KLSAN
// CHECK: drop_site_integer_holder: done

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
