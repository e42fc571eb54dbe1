// nr_thread_handoff: a producer thread allocates messages and publishes each
// through a shared slot; a consumer takes it with an atomic exchange (the
// slot's reference is gone, the message is only in the consumer's
// registers), passes safe points, reads and frees it. No message is ever
// lost: no report.
//
// RUN: %clang_kmemsan --klsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log

#include "Inputs/klsan_test.h"
#include <pthread.h>
#include <sched.h>

#define MESSAGES 2000

struct message {
  long seq;
  char body[56];
};

static struct message *mailbox;

static void *producer(void *arg) {
  long i;

  (void)arg;
  for (i = 0; i < MESSAGES; i++) {
    struct message *m = kzalloc(sizeof(*m), GFP_KERNEL);

    m->seq = i;
    while (__atomic_load_n(&mailbox, __ATOMIC_ACQUIRE))
      sched_yield();
    __atomic_store_n(&mailbox, m, __ATOMIC_RELEASE);
  }
  return NULL;
}

static noinline long consume_one(long i) {
  struct message *m;
  long seq;

  while (!(m = __atomic_exchange_n(&mailbox, NULL, __ATOMIC_ACQ_REL)))
    sched_yield();
  if (i % 100 == 0)
    trigger_safe_point();
  seq = m->seq;
  kfree(m);
  return seq;
}

static void *consumer(void *arg) {
  long i, sum = 0;

  for (i = 0; i < MESSAGES; i++)
    sum += consume_one(i);
  *(long *)arg = sum;
  return NULL;
}

int main(void) {
  pthread_t p, c;
  long sum = 0;

  pthread_create(&c, NULL, consumer, &sum);
  pthread_create(&p, NULL, producer, NULL);
  pthread_join(p, NULL);
  pthread_join(c, NULL);
  trigger_safe_point();
  fprintf(stderr, "sum %ld\n", sum);
  fprintf(stderr, "nr_thread_handoff: done\n");
  return 0;
}

// CHECK-NOT: BUG: KLSAN
// CHECK: sum 1999000
// CHECK-NOT: BUG: KLSAN
// CHECK: nr_thread_handoff: done
// CHECK-NOT: BUG: KLSAN
