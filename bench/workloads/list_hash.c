/*
 * List and hash-table churn, like a connection-tracking table: objects from
 * kmalloc sit in an hlist bucket and on an LRU list; lookups move hits to the
 * LRU tail, misses insert, and the table evicts from the LRU head when full.
 */
#include "bench.h"

#define HASH_BITS 12
#define MAX_ENTRIES 20000

struct conn {
  struct hlist_node hnode;
  struct list_head lru;
  unsigned long key;
  unsigned long hits;
  unsigned int state;
  unsigned char payload[40];
};

static struct hlist_head table[1 << HASH_BITS];
static struct list_head lru;
static long nr_entries;

static unsigned int hash_key(unsigned long key) {
  return (unsigned int)((key * 0x61C8864680B583EBUL) >> (64 - HASH_BITS));
}

static noinline struct conn *conn_lookup(unsigned long key) {
  struct hlist_node *n;
  for (n = table[hash_key(key)].first; n; n = n->next) {
    struct conn *c = container_of(n, struct conn, hnode);
    if (c->key == key)
      return c;
  }
  return NULL;
}

static noinline void conn_evict(void) {
  struct conn *c = list_first_entry(&lru, struct conn, lru);
  list_del(&c->lru);
  hlist_del(&c->hnode);
  kfree(c);
  nr_entries--;
}

static noinline struct conn *conn_insert(unsigned long key) {
  struct conn *c = kzalloc(sizeof(*c), GFP_KERNEL);
  if (!c)
    return NULL;
  c->key = key;
  for (unsigned int i = 0; i < sizeof(c->payload); i++)
    c->payload[i] = (unsigned char)(key >> (i & 7));
  hlist_add_head(&c->hnode, &table[hash_key(key)]);
  list_add_tail(&c->lru, &lru);
  if (++nr_entries > MAX_ENTRIES)
    conn_evict();
  return c;
}

int main(int argc, char **argv) {
  long ops = bench_scale(argc, argv, 4000000);
  unsigned long seed = 0x9E3779B97F4A7C15UL, sum = 0;

  INIT_LIST_HEAD(&lru);
  for (long i = 0; i < ops; i++) {
    unsigned long key = bench_rand(&seed) % 60000;
    struct conn *c = conn_lookup(key);
    if (c) {
      c->hits++;
      c->state = (c->state + 1) & 3;
      list_move_tail(&c->lru, &lru);
      sum = bench_mix(sum, c->key + c->payload[c->hits % 40]);
    } else {
      c = conn_insert(key);
    }
    if ((i & 1023) == 0 && c && c->state == 3) {
      /* occasionally drop the entry just used */
      list_del(&c->lru);
      hlist_del(&c->hnode);
      kfree(c);
      nr_entries--;
    }
  }
  while (!list_empty(&lru))
    conn_evict();
  bench_done("list_hash", sum ^ (unsigned long)nr_entries);
  return 0;
}
