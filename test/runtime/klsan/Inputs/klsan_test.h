/*
 * Helpers shared by the KLSan scenario tests.
 *
 * trigger_safe_point(): KLSan confirms candidates at safe points, which the
 * hosted runtime takes on allocator entry once candidates are pending and
 * enough events or time have passed (docs/KLSAN.md, "Candidates and
 * confirmation"). A test that wants a leak reported at the moment, not by
 * the exit pass, calls this right after the leak: thousands of allocator
 * entries and candidate events (births never stored, counts dropping to
 * zero), with a pause in the middle, are enough for any sane confirmation
 * schedule. Everything it allocates is freed at once, so it leaks nothing.
 */
#ifndef KLSAN_TEST_H
#define KLSAN_TEST_H

#include <kmemsan/kernel.h>
#include <stdio.h>
#include <time.h>

static void *volatile safe_point_slot;

static noinline void safe_point_churn(int n) {
  int i;

  for (i = 0; i < n; i++) {
    void *p = kmalloc(16, GFP_KERNEL);

    OPTIMIZER_HIDE_VAR(p);
    if (i & 1) {
      /* stored, then its count drops to zero while p still holds it */
      safe_point_slot = p;
      safe_point_slot = NULL;
    }
    kfree(p);
  }
}

static noinline void trigger_safe_point(void) {
  struct timespec pause = {0, 20 * 1000 * 1000};

  safe_point_churn(4096);
  nanosleep(&pause, NULL);
  safe_point_churn(4096);
}

#endif /* KLSAN_TEST_H */
