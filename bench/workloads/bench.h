/*
 * What every workload shares: kernel-style intrusive lists and hash lists,
 * a deterministic random generator, and the fixed-work driver convention
 * (argv[1] scales the work; the checksum printed at the end keeps the work
 * from being optimized away and must be equal under every configuration).
 */
#ifndef BENCH_H
#define BENCH_H

#include <kmemsan/kernel.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct list_head {
  struct list_head *next, *prev;
};

static inline void INIT_LIST_HEAD(struct list_head *h) {
  h->next = h;
  h->prev = h;
}
static inline void __list_add(struct list_head *n, struct list_head *prev,
                              struct list_head *next) {
  next->prev = n;
  n->next = next;
  n->prev = prev;
  prev->next = n;
}
static inline void list_add(struct list_head *n, struct list_head *h) {
  __list_add(n, h, h->next);
}
static inline void list_add_tail(struct list_head *n, struct list_head *h) {
  __list_add(n, h->prev, h);
}
static inline void list_del(struct list_head *e) {
  e->next->prev = e->prev;
  e->prev->next = e->next;
  e->next = NULL;
  e->prev = NULL;
}
static inline void list_move_tail(struct list_head *e, struct list_head *h) {
  e->next->prev = e->prev;
  e->prev->next = e->next;
  list_add_tail(e, h);
}
static inline int list_empty(const struct list_head *h) { return h->next == h; }

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(h, type, member) list_entry((h)->next, type, member)
#define list_for_each_entry_safe(pos, n, head, member)                         \
  for (pos = list_entry((head)->next, __typeof__(*pos), member),               \
      n = list_entry(pos->member.next, __typeof__(*pos), member);              \
       &pos->member != (head);                                                 \
       pos = n, n = list_entry(n->member.next, __typeof__(*n), member))

struct hlist_node {
  struct hlist_node *next, **pprev;
};
struct hlist_head {
  struct hlist_node *first;
};

static inline void hlist_add_head(struct hlist_node *n, struct hlist_head *h) {
  struct hlist_node *first = h->first;
  n->next = first;
  if (first)
    first->pprev = &n->next;
  h->first = n;
  n->pprev = &h->first;
}
static inline void hlist_del(struct hlist_node *n) {
  struct hlist_node *next = n->next;
  *n->pprev = next;
  if (next)
    next->pprev = n->pprev;
  n->next = NULL;
  n->pprev = NULL;
}

/* xorshift64*: the same sequence under every configuration. */
static inline unsigned long bench_rand(unsigned long *s) {
  unsigned long x = *s;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *s = x;
  return x * 0x2545F4914F6CDD1DUL;
}

static inline unsigned long bench_mix(unsigned long h, unsigned long v) {
  return (h ^ v) * 0x100000001b3UL;
}

/* argv[1]: work scale in percent of the default amount (100). */
static inline long bench_scale(int argc, char **argv, long full) {
  long pct = argc > 1 ? atol(argv[1]) : 100;
  long n = full * pct / 100;
  return n > 0 ? n : 1;
}

#define bench_done(name, sum)                                                  \
  printf("%s checksum %016lx\n", name, (unsigned long)(sum))

#endif
