// threads_one_leak: three worker threads keep allocating, storing pointers
// (plain stores and atomic exchanges) into shared slots and freeing what
// they replace, while a fourth thread reloads a configuration without
// freeing the old one. Exactly one report: the lost configuration, dropped
// in reload_config (called from config_worker), allocated in load_config.
// Pointers in flight in the other threads' registers between an exchange
// and the free must never be reported.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.log
// RUN: %t > %t.2.log 2>&1
// RUN: FileCheck %s < %t.2.log
// RUN: FileCheck %s --check-prefix=COUNT < %t.2.log

#include "Inputs/klsan_test.h"
#include <pthread.h>

#define CHURN_THREADS 3
#define SLOTS 8
#define ROUNDS 20000

struct config_holder {
  unsigned long generation;
  void *config;
  char name[48];
};

static void *slots[CHURN_THREADS][SLOTS];
static struct config_holder *cfg;
static int config_ready;

static void *churn_worker(void *arg) {
  long t = (long)arg;
  int i;

  for (i = 0; i < ROUNDS; i++) {
    void *p = kmalloc(32 + (i % 4) * 16, GFP_KERNEL);
    void **slot = &slots[t][i % SLOTS];
    void *old;

    if (i & 1) {
      old = __atomic_exchange_n(slot, p, __ATOMIC_ACQ_REL);
    } else {
      old = *slot;
      *slot = p;
    }
    kfree(old);
  }
  for (i = 0; i < SLOTS; i++) {
    kfree(slots[t][i]);
    slots[t][i] = NULL;
  }
  return NULL;
}

static noinline void load_config(struct config_holder *h) {
  void *config = kzalloc(64, GFP_KERNEL);

  fprintf(stderr, "config at %016lx, holder at %016lx\n",
          (unsigned long)config, (unsigned long)h);
  h->config = config;
}

/* The bug: the old configuration is not freed. */
static noinline void reload_config(struct config_holder *h) {
  h->config = kzalloc(64, GFP_KERNEL);
  h->generation++;
}

static void *config_worker(void *arg) {
  (void)arg;
  while (!__atomic_load_n(&config_ready, __ATOMIC_ACQUIRE))
    ;
  load_config(cfg);
  trigger_safe_point();
  reload_config(cfg);
  trigger_safe_point();
  return NULL;
}

int main(void) {
  pthread_t churn[CHURN_THREADS], leaker;
  long t;

  cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
  pthread_create(&leaker, NULL, config_worker, NULL);
  for (t = 0; t < CHURN_THREADS; t++)
    pthread_create(&churn[t], NULL, churn_worker, (void *)t);
  __atomic_store_n(&config_ready, 1, __ATOMIC_RELEASE);
  for (t = 0; t < CHURN_THREADS; t++)
    pthread_join(churn[t], NULL);
  pthread_join(leaker, NULL);
  trigger_safe_point();
  fprintf(stderr, "threads_one_leak: joined\n");

  kfree(cfg->config);
  kfree(cfg);
  cfg = NULL;
  fprintf(stderr, "threads_one_leak: done\n");
  return 0;
}

// CHECK: config at [[#%.16x,CONFIG:]], holder at [[#%.16x,H:]]
// CHECK: ==================================================================
// CHECK-NEXT: BUG: KLSAN: memory leak in reload_config+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+$}}
// CHECK-NEXT: Last reference to 64-byte object at [[#%.16x,CONFIG]] was overwritten
// CHECK-NEXT: {{^ }}at addr [[#%.16x,H+8]] by task {{.+}}/{{[0-9]+}}
// CHECK: Call Trace:
// CHECK-NEXT: {{^ }}reload_config+0x
// CHECK-NEXT: {{^ }}config_worker+0x
// CHECK: Allocated by task {{[0-9]+}}:
// CHECK-NEXT: {{^ }}load_config+0x
// CHECK-NEXT: {{^ }}config_worker+0x
// CHECK: The object belongs to the cache kmalloc-64 of size 64
// CHECK: ==================================================================
// CHECK-NOT: BUG: KLSAN
// CHECK: threads_one_leak: joined
// CHECK-NOT: BUG: KLSAN
// CHECK: threads_one_leak: done

// COUNT-COUNT-1: BUG: KLSAN:
// COUNT-NOT: BUG: KLSAN:
