/*
 * Slab-cache alloc/free bursts, like a network driver refilling rings and a
 * filesystem churning inodes: named caches of a few sizes, single and bulk
 * allocations, frees in a different order than the allocations.
 */
#include "bench.h"

#define BURST 256

struct inode_like {
  unsigned long ino;
  unsigned int mode, nlink;
  struct list_head sb_list;
  unsigned long size;
  unsigned long blocks[12];
};

static void inode_ctor(void *p) {
  struct inode_like *i = p;
  i->nlink = 1;
}

int main(int argc, char **argv) {
  long rounds = bench_scale(argc, argv, 30000);
  unsigned long seed = 777, sum = 0;
  static const unsigned int sizes[] = {32, 96, 192, 512};
  struct kmem_cache *caches[4], *icache;
  void *objs[BURST];
  struct list_head live;

  for (int c = 0; c < 4; c++)
    caches[c] = kmem_cache_create("bench_obj", sizes[c], 8, 0, NULL);
  icache = kmem_cache_create("bench_inode", sizeof(struct inode_like), 0,
                             SLAB_HWCACHE_ALIGN, inode_ctor);
  INIT_LIST_HEAD(&live);

  for (long r = 0; r < rounds; r++) {
    int c = (int)(r & 3);
    unsigned int size = sizes[c];
    if (r & 4) {
      if (kmem_cache_alloc_bulk(caches[c], GFP_KERNEL, BURST, objs) != BURST)
        return 1;
    } else {
      for (int i = 0; i < BURST; i++)
        objs[i] = kmem_cache_alloc(caches[c], GFP_KERNEL);
    }
    for (int i = 0; i < BURST; i++) {
      unsigned long *w = objs[i];
      for (unsigned int k = 0; k < size / 8; k += 4)
        w[k] = (unsigned long)i * k + r;
    }
    for (int i = 0; i < BURST; i++) {
      int j = (int)(bench_rand(&seed) % BURST);
      void *t = objs[i];
      objs[i] = objs[j];
      objs[j] = t;
    }
    for (int i = 0; i < BURST; i++)
      sum = bench_mix(sum, ((unsigned long *)objs[i])[(size / 16) & ~3u]);
    if (r & 8) {
      kmem_cache_free_bulk(caches[c], BURST, objs);
    } else {
      for (int i = 0; i < BURST; i++)
        kmem_cache_free(caches[c], objs[i]);
    }

    /* inode-like objects living across rounds */
    for (int i = 0; i < 8; i++) {
      struct inode_like *in = kmem_cache_alloc(icache, GFP_KERNEL);
      in->ino = r * 8 + i;
      in->size = bench_rand(&seed) & 0xfffff;
      for (int b = 0; b < 12; b++)
        in->blocks[b] = in->ino + b;
      list_add_tail(&in->sb_list, &live);
    }
    for (int i = 0; i < 7 && !list_empty(&live); i++) {
      struct inode_like *in = list_first_entry(&live, struct inode_like, sb_list);
      sum = bench_mix(sum, in->ino + in->blocks[in->size % 12] + in->nlink);
      list_del(&in->sb_list);
      kmem_cache_free(icache, in);
    }
  }
  struct inode_like *in, *tmp;
  list_for_each_entry_safe(in, tmp, &live, sb_list) {
    sum = bench_mix(sum, in->ino);
    list_del(&in->sb_list);
    kmem_cache_free(icache, in);
  }
  for (int c = 0; c < 4; c++)
    kmem_cache_destroy(caches[c]);
  kmem_cache_destroy(icache);
  bench_done("slab_burst", sum);
  return 0;
}
