// no_report_threads_stress: 4 threads each allocate, fill, verify and free
// thousands of objects of mixed kinds and sizes (kmalloc small and large,
// krealloc, a shared named cache, vmalloc) with no bug, some objects handed
// to another thread to free. No report, no crash, and every pattern intact.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log

#include <kmemsan/kernel.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define THREADS 4
#define ITERATIONS 4000
#define LIVE 16
#define CACHE_OBJ 72

enum kind { KIND_KMALLOC, KIND_CACHE, KIND_VMALLOC };

struct obj {
  char *p;
  size_t size;
  enum kind kind;
};

static struct kmem_cache *shared_cache;
static pthread_mutex_t handoff_lock = PTHREAD_MUTEX_INITIALIZER;
static struct obj handoff[8];
static int corrupt;

static unsigned int next_rand(unsigned int *state) {
  *state = *state * 1103515245u + 12345u;
  return *state >> 8;
}

static void fill(struct obj *o, unsigned char seed) {
  size_t i;
  for (i = 0; i < o->size; i++)
    o->p[i] = (char)(seed + i);
}

static int verify(const struct obj *o) {
  unsigned char seed = (unsigned char)o->p[0];
  size_t i;
  for (i = 0; i < o->size; i++)
    if ((unsigned char)o->p[i] != (unsigned char)(seed + i))
      return 0;
  return 1;
}

static void release(struct obj *o) {
  if (!o->p)
    return;
  if (!verify(o))
    __atomic_store_n(&corrupt, 1, __ATOMIC_RELAXED);
  switch (o->kind) {
  case KIND_KMALLOC:
    kfree(o->p);
    break;
  case KIND_CACHE:
    kmem_cache_free(shared_cache, o->p);
    break;
  case KIND_VMALLOC:
    vfree(o->p);
    break;
  }
  o->p = NULL;
}

static void make(struct obj *o, unsigned int *rnd) {
  unsigned int r = next_rand(rnd);

  if (r % 97 == 0) {
    o->kind = KIND_VMALLOC;
    o->size = 1 + r % 6000;
    o->p = vmalloc(o->size);
  } else if (r % 13 == 0) {
    o->kind = KIND_CACHE;
    o->size = CACHE_OBJ;
    o->p = kmem_cache_alloc(shared_cache, GFP_KERNEL);
  } else if (r % 41 == 0) {
    o->kind = KIND_KMALLOC;
    o->size = KMALLOC_MAX_CACHE_SIZE + 1 + r % 9000;
    o->p = kmalloc(o->size, GFP_KERNEL);
  } else {
    o->kind = KIND_KMALLOC;
    o->size = 1 + r % 1500;
    o->p = (r & 1) ? kmalloc(o->size, GFP_KERNEL) : kzalloc(o->size, GFP_KERNEL);
  }
  fill(o, (unsigned char)r);
}

static void *worker(void *arg) {
  unsigned int rnd = (unsigned int)(unsigned long)arg * 7919u + 1;
  struct obj live[LIVE];
  int i;

  memset(live, 0, sizeof(live));
  for (i = 0; i < ITERATIONS; i++) {
    struct obj *o = &live[next_rand(&rnd) % LIVE];
    unsigned int r = next_rand(&rnd);

    if (o->p && o->kind == KIND_KMALLOC && r % 5 == 0) {
      /* Grow or shrink in place or by moving; the prefix must survive. */
      size_t keep = o->size, newsize = 1 + r % 3000, j;
      unsigned char seed = (unsigned char)o->p[0];
      char *q = krealloc(o->p, newsize, GFP_KERNEL);
      if (q) {
        o->p = q;
        o->size = newsize;
        if (newsize < keep)
          keep = newsize;
        for (j = 0; j < keep; j++)
          if ((unsigned char)q[j] != (unsigned char)(seed + j))
            __atomic_store_n(&corrupt, 1, __ATOMIC_RELAXED);
        fill(o, seed);
      }
      continue;
    }
    if (o->p && r % 7 == 0) {
      /* Hand the object to whichever thread frees the slot next. */
      struct obj *slot = &handoff[r % ARRAY_SIZE(handoff)];
      struct obj old;
      pthread_mutex_lock(&handoff_lock);
      old = *slot;
      *slot = *o;
      pthread_mutex_unlock(&handoff_lock);
      o->p = NULL;
      release(&old);
    }
    release(o);
    make(o, &rnd);
  }
  for (i = 0; i < LIVE; i++)
    release(&live[i]);
  return NULL;
}

int main(void) {
  pthread_t threads[THREADS];
  unsigned long i;

  shared_cache = kmem_cache_create("stress_cache", CACHE_OBJ, 0, 0, NULL);
  for (i = 0; i < THREADS; i++)
    pthread_create(&threads[i], NULL, worker, (void *)i);
  for (i = 0; i < THREADS; i++)
    pthread_join(threads[i], NULL);
  for (i = 0; i < ARRAY_SIZE(handoff); i++)
    release(&handoff[i]);
  kmem_cache_destroy(shared_cache);
  fprintf(stderr, "no_report_threads_stress: done (%s)\n",
          corrupt ? "corrupted" : "all patterns intact");
  return 0;
}

// CHECK-NOT: BUG: KASAN
// CHECK: no_report_threads_stress: done (all patterns intact)
// CHECK-NOT: BUG: KASAN
