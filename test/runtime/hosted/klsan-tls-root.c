// klsan-tls-root: thread-local storage is a root. Objects whose only
// pointer lives in TLS, stored there by code the instrumentation does not
// see (so no count protects them), must never be reported:
//   - a __thread variable of the main thread and one of a second thread
//     (static TLS: below the thread pointer; the second thread's lies in
//     its stack block), written by a helper built without the plugin;
//   - pthread_setspecific, with a key among the first 32 (stored inside
//     glibc's struct pthread) and one beyond (stored in a block glibc
//     allocates from our malloc, reached through struct pthread).
// Confirmations run (klsan_confirm_every=1, klsan_confirm_ratio=0) while all four are held; one
// object main loses on purpose in lose_one() is the only report. Then the
// values are checked and freed; exit 0.
//
// RUN: %clang -O1 -g -DHELPER -c %s -o %t.helper.o
// RUN: %clang_kmemsan --klsan -O1 -g %s %t.helper.o -o %t -lpthread
// RUN: env KMEMSAN_OPTIONS=klsan_confirm_every=1:klsan_confirm_ratio=0 %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log

#ifdef HELPER
/* Built without the plugin: these stores are invisible to KLSan. */
__thread void *tls_slot;
void tls_stash(void *p) { tls_slot = p; }
void *tls_take(void) {
  void *p = tls_slot;
  tls_slot = 0;
  return p;
}
#else

#include <kmemsan/kernel.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEYS 40

void tls_stash(void *p);
void *tls_take(void);

static pthread_key_t keys[KEYS];
static int thread_ready, thread_go, errors;
static void *volatile sink;

static noinline void *make(const char *tag) {
  char *p = kmalloc(32, GFP_KERNEL);

  strcpy(p, tag);
  return p;
}

static noinline void check_and_free(void *p, const char *tag) {
  if (!p || strcmp(p, tag) != 0)
    errors++;
  kfree(p);
}

static void *second_thread(void *arg) {
  (void)arg;
  tls_stash(make("thread tls"));
  __atomic_store_n(&thread_ready, 1, __ATOMIC_RELEASE);
  while (!__atomic_load_n(&thread_go, __ATOMIC_ACQUIRE))
    ;
  check_and_free(tls_take(), "thread tls");
  return NULL;
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
  pthread_t t;
  int i;

  for (i = 0; i < KEYS; i++)
    pthread_key_create(&keys[i], NULL);
  pthread_create(&t, NULL, second_thread, NULL);
  tls_stash(make("main tls"));
  pthread_setspecific(keys[1], make("key 1"));
  pthread_setspecific(keys[KEYS - 1], make("key 39"));
  while (!__atomic_load_n(&thread_ready, __ATOMIC_ACQUIRE))
    ;
  fprintf(stderr, "stashed\n");

  churn(100);
  lose_one();
  churn(100);
  fprintf(stderr, "confirmed\n");

  __atomic_store_n(&thread_go, 1, __ATOMIC_RELEASE);
  pthread_join(t, NULL);
  check_and_free(tls_take(), "main tls");
  check_and_free(pthread_getspecific(keys[1]), "key 1");
  pthread_setspecific(keys[1], NULL);
  check_and_free(pthread_getspecific(keys[KEYS - 1]), "key 39");
  pthread_setspecific(keys[KEYS - 1], NULL);
  churn(100);
  fprintf(stderr, "done: %d errors\n", errors);
  return errors != 0;
}

#endif

// CHECK: stashed
// CHECK-NOT: BUG: KLSAN
// CHECK: BUG: KLSAN: memory leak in lose_one+0x
// CHECK-NOT: BUG: KLSAN
// CHECK: confirmed
// CHECK-NOT: BUG: KLSAN
// CHECK: done: 0 errors
// CHECK-NOT: BUG: KLSAN

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
