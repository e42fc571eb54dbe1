// klsan-stop-world-threads: eight threads each allocate an object and keep
// the only pointer to it in a local (a register or their own stack, never
// in instrumented memory), then block: three in nanosleep, three in a busy
// loop, two in pthread_cond_wait. Their objects are candidates from birth
// (never stored). The main thread then forces confirmations at nearly every
// allocator entry (klsan_confirm_every=1, klsan_confirm_ratio=0) while they are parked. A correct
// runtime stops every thread (a signal interrupts the blocking system
// calls), finds each pointer in the stopped thread's saved registers or
// stack, and reports none of them. To show that confirmations really ran
// while the threads were held, main loses one object of its own in
// lose_one(): exactly that one is reported. Afterwards the threads check
// their object and free it; exit 0.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t -lpthread
// RUN: env KMEMSAN_OPTIONS=klsan_confirm_every=1:klsan_confirm_ratio=0 %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log
// RUN: %clang_kmemsan --kasan --klsan -O1 -g %s -o %t.both -lpthread
// RUN: env KMEMSAN_OPTIONS=klsan_confirm_every=1:klsan_confirm_ratio=0 %t.both > %t.both.log 2>&1
// RUN: FileCheck %s < %t.both.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.both.log

#include <kmemsan/kernel.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define THREADS 8
#define OBJ_SIZE 48

static int go;      /* set by main when the threads may free */
static int parked;  /* threads that hold their object and block */
static int errors;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static void *volatile sink;

static noinline char *make_object(long id) {
  char *p = kmalloc(OBJ_SIZE, GFP_KERNEL);

  memset(p, (int)('a' + id), OBJ_SIZE);
  return p;
}

static noinline void release_object(char *p, long id) {
  int i;

  for (i = 0; i < OBJ_SIZE; i++)
    if (p[i] != (char)('a' + id))
      __atomic_fetch_add(&errors, 1, __ATOMIC_RELAXED);
  kfree(p);
}

static void *worker(void *arg) {
  long id = (long)arg;
  char *p = make_object(id);

  OPTIMIZER_HIDE_VAR(p);
  __atomic_fetch_add(&parked, 1, __ATOMIC_ACQ_REL);
  if (id < 3) {
    /* Blocked in nanosleep; the stop signal makes it return EINTR. */
    while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE)) {
      struct timespec ts = {0, 5 * 1000 * 1000};

      while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
    }
  } else if (id < 6) {
    /* Busy: the pointer stays in a register the whole time. */
    while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
      __asm__ volatile("" : "+r"(p));
  } else {
    pthread_mutex_lock(&lock);
    while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
      pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
  }
  OPTIMIZER_HIDE_VAR(p);
  release_object(p, id);
  return NULL;
}

static noinline void lose_one(void) {
  void *p = kmalloc(40, GFP_KERNEL);

  sink = p;
  sink = NULL; /* the bug: the last reference is overwritten */
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
  pthread_t threads[THREADS];
  struct timespec pause = {0, 20 * 1000 * 1000};
  long i;

  for (i = 0; i < THREADS; i++)
    pthread_create(&threads[i], NULL, worker, (void *)i);
  while (__atomic_load_n(&parked, __ATOMIC_ACQUIRE) < THREADS)
    nanosleep(&pause, NULL);
  nanosleep(&pause, NULL); /* let them reach their blocking points */
  fprintf(stderr, "parked\n");

  churn(100);
  lose_one();
  churn(100);
  nanosleep(&pause, NULL);
  churn(100);
  fprintf(stderr, "confirmed while parked\n");

  pthread_mutex_lock(&lock);
  __atomic_store_n(&go, 1, __ATOMIC_RELEASE);
  pthread_cond_broadcast(&cond);
  pthread_mutex_unlock(&lock);
  for (i = 0; i < THREADS; i++)
    pthread_join(threads[i], NULL);
  churn(100);
  fprintf(stderr, "done: %d errors\n", errors);
  return errors != 0;
}

// CHECK: parked
// CHECK-NOT: BUG: KLSAN
// CHECK: BUG: KLSAN: memory leak in lose_one+0x
// CHECK-NEXT: Last reference to 40-byte object at {{[0-9a-f]+}} was overwritten
// CHECK-NOT: BUG: KLSAN
// CHECK: confirmed while parked
// CHECK-NOT: BUG: KLSAN
// CHECK: done: 0 errors
// CHECK-NOT: BUG: KLSAN

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
