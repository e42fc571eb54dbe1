// klsan-uninstrumented-global: memory the instrumentation never sees still
// holds references. A translation unit built WITHOUT the plugin keeps the
// only pointer to one object in its global, and the only pointer to
// another in a heap object that its global points to (the holder itself is
// allocated by instrumented code, so the trace must follow it from the
// uninstrumented global into its contents). Both objects' counts drop to
// zero in instrumented code; a correct runtime scans the writable data of
// every module (the program's .data/.bss, whatever compiled them) and
// reports neither. Confirmations run (klsan_confirm_every=1, klsan_confirm_ratio=0), and one
// object lost on purpose in lose_one() is the only report. At the end the
// helper hands everything back and it is freed; exit 0.
//
// RUN: %clang -O1 -g -DHELPER -c %s -o %t.helper.o
// RUN: %clang_kmemsan --klsan -O1 -g %s %t.helper.o -o %t
// RUN: env KMEMSAN_OPTIONS=klsan_confirm_every=1:klsan_confirm_ratio=0 %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#ifdef HELPER
/* Built without the plugin: these stores are invisible to KLSan. */
struct holder {
  void *held;
};
void *helper_global;
struct holder *helper_holder;

void helper_keep(void *direct, struct holder *h, void *indirect) {
  helper_global = direct;
  h->held = indirect;
  helper_holder = h;
}

void helper_give_back(void **direct, struct holder **h) {
  *direct = helper_global;
  *h = helper_holder;
  helper_global = 0;
  helper_holder = 0;
}
#else

#include <kmemsan/kernel.h>
#include <stdio.h>
#include <string.h>

struct holder {
  void *held;
};

void helper_keep(void *direct, struct holder *h, void *indirect);
void helper_give_back(void **direct, struct holder **h);

static void *volatile slot_a, *volatile slot_b, *volatile slot_h;
static void *volatile sink;

static noinline void hand_over(void) {
  void *a = kmalloc(40, GFP_KERNEL);
  void *b = kmalloc(56, GFP_KERNEL);
  struct holder *h = kzalloc(sizeof(*h), GFP_KERNEL);

  strcpy(a, "direct");
  strcpy(b, "indirect");
  /* Counted references first, then dropped: both become candidates. */
  slot_a = a;
  slot_b = b;
  slot_h = h;
  helper_keep(a, h, b);
  slot_a = NULL;
  slot_b = NULL;
  slot_h = NULL;
}

static noinline void lose_one(void) {
  void *p = kmalloc(24, GFP_KERNEL);

  sink = p;
  sink = NULL;
}

static noinline void churn(int n) {
  int i;

  for (i = 0; i < n; i++) {
    void *p = kmalloc(16, GFP_KERNEL);

    OPTIMIZER_HIDE_VAR(p);
    kfree(p);
  }
}

int main(void) {
  struct holder *h;
  void *a;
  int errors = 0;

  hand_over();
  fprintf(stderr, "handed over\n");
  churn(100);
  lose_one();
  churn(100);
  fprintf(stderr, "confirmed\n");

  helper_give_back(&a, &h);
  if (!a || strcmp(a, "direct") || !h || !h->held ||
      strcmp(h->held, "indirect"))
    errors++;
  kfree(h->held);
  kfree(h);
  kfree(a);
  churn(100);
  fprintf(stderr, "done: %d errors\n", errors);
  return errors != 0;
}

#endif

// CHECK: handed over
// CHECK-NOT: BUG: KLSAN
// CHECK: BUG: KLSAN: memory leak in lose_one+0x
// CHECK-NOT: BUG: KLSAN
// CHECK: confirmed
// CHECK-NOT: BUG: KLSAN
// CHECK: done: 0 errors
// CHECK-NOT: BUG: KLSAN

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
