// threads-guard: four threads allocate, copy, compare and free in a tight
// loop through malloc, kmalloc, the string functions and a named cache. The
// allocator and the runtime are thread-safe: no report, no crash, exit 0.
// A bug on a named thread is reported with that thread's name and id.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t -lpthread
// RUN: %t 2>&1 | FileCheck %s
// RUN: %t uaf 2>&1 | FileCheck %s --check-prefix=UAF

#define _GNU_SOURCE
#include <kmemsan/kernel.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { kThreads = 4, kRounds = 20000 };

static struct kmem_cache *node_cache;
static int failures;

struct node {
  struct node *next;
  char name[40];
};

static void *worker(void *arg) {
  long id = (long)arg;
  struct node *list = NULL;
  char buf[64];
  for (int i = 0; i < kRounds; i++) {
    size_t size = 1 + (size_t)(i * 7 + id * 13) % 300;
    char *p = malloc(size);
    memset(p, 'a' + (int)id, size);
    p[size - 1] = 0;
    char *q = strdup(p);
    if (strlen(q) != size - 1 || strcmp(p, q) != 0 || memcmp(p, q, size) != 0)
      __atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED);
    snprintf(buf, sizeof(buf), "node-%ld-%d", id, i);
    struct node *n = kmem_cache_alloc(node_cache, GFP_KERNEL);
    strncpy(n->name, buf, sizeof(n->name) - 1);
    n->name[sizeof(n->name) - 1] = 0;
    n->next = list;
    list = n;
    if (i % 8 == 7) { // keep the list short
      while (list) {
        struct node *next = list->next;
        if (strncmp(list->name, "node-", 5) != 0)
          __atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED);
        kmem_cache_free(node_cache, list);
        list = next;
      }
    }
    char *k = kmalloc(size * 2, GFP_KERNEL);
    memcpy(k, p, size);
    memmove(k + 1, k, size);
    free(p);
    free(q);
    kfree(k);
  }
  while (list) {
    struct node *next = list->next;
    kmem_cache_free(node_cache, list);
    list = next;
  }
  return NULL;
}

static noinline void *buggy_worker(void *arg) {
  pthread_setname_np(pthread_self(), "buggy-worker");
  fprintf(stderr, "worker %d in process %d\n", gettid(), getpid());
  char *volatile p = malloc(32);
  free(p);
  p[1] = 1;
  return NULL;
}

int main(int argc, char **argv) {
  node_cache = kmem_cache_create("test_node", sizeof(struct node), 0, 0, NULL);
  pthread_t t[kThreads];
  if (argc > 1) {
    pthread_create(&t[0], NULL, buggy_worker, NULL);
    pthread_join(t[0], NULL);
    fprintf(stderr, "joined\n");
    return 0;
  }
  for (long i = 0; i < kThreads; i++)
    pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < kThreads; i++)
    pthread_join(t[i], NULL);
  kmem_cache_destroy(node_cache);
  fprintf(stderr, "done: %d failures\n", failures);
  return failures != 0;
}

// CHECK-NOT: BUG: KASAN
// CHECK: done: 0 failures

// UAF: worker [[TID:[0-9]+]] in process [[PID:[0-9]+]]
// UAF: BUG: KASAN: slab-use-after-free in buggy_worker
// UAF: Write of size 1 at addr {{[0-9a-f]+}} by task buggy-worker/[[TID]]
// UAF: Allocated by task [[TID]]:
// UAF: joined
