/*
 * Buffer chains in the style of sk_buff: a header object with a data buffer
 * (head/data/tail/end), fragments chained on a frag list, packets queued on
 * a list. Packets are built with memcpy, cloned, pulled, linearized into one
 * buffer and checksummed.
 */
#include "bench.h"

struct skb {
  struct list_head list;
  struct skb *frag_next;
  unsigned char *head, *data;
  unsigned int len, tail, end;
  unsigned int csum;
  unsigned short protocol;
};

static noinline struct skb *alloc_skb(unsigned int size) {
  struct skb *s = kzalloc(sizeof(*s), GFP_KERNEL);
  s->head = kmalloc(size, GFP_KERNEL);
  s->data = s->head;
  s->end = size;
  return s;
}

static noinline void kfree_skb(struct skb *s) {
  while (s) {
    struct skb *next = s->frag_next;
    kfree(s->head);
    kfree(s);
    s = next;
  }
}

static void skb_reserve(struct skb *s, unsigned int n) {
  s->data += n;
  s->tail += n;
}

static unsigned char *skb_put(struct skb *s, unsigned int n) {
  unsigned char *p = s->head + s->tail;
  s->tail += n;
  s->len += n;
  return p;
}

static unsigned char *skb_push(struct skb *s, unsigned int n) {
  s->data -= n;
  s->len += n;
  return s->data;
}

static unsigned char *skb_pull(struct skb *s, unsigned int n) {
  s->data += n;
  s->len -= n;
  return s->data;
}

static noinline unsigned int csum_partial(const unsigned char *p,
                                          unsigned int len, unsigned int sum) {
  for (unsigned int i = 0; i + 1 < len; i += 2)
    sum += (unsigned int)(p[i] << 8 | p[i + 1]);
  if (len & 1)
    sum += (unsigned int)p[len - 1] << 8;
  return sum;
}

static noinline struct skb *skb_copy(const struct skb *s) {
  struct skb *c = alloc_skb(s->end);
  skb_reserve(c, (unsigned int)(s->data - s->head));
  memcpy(skb_put(c, s->len), s->data, s->len);
  c->protocol = s->protocol;
  return c;
}

/* Copy the whole chain into one new buffer. */
static noinline struct skb *skb_linearize(const struct skb *s) {
  unsigned int total = 0;
  for (const struct skb *f = s; f; f = f->frag_next)
    total += f->len;
  struct skb *l = alloc_skb(total + 16);
  for (const struct skb *f = s; f; f = f->frag_next)
    memcpy(skb_put(l, f->len), f->data, f->len);
  return l;
}

int main(int argc, char **argv) {
  long pkts = bench_scale(argc, argv, 300000);
  unsigned long seed = 4242, sum = 0;
  unsigned char payload[2048];
  struct list_head queue;
  long queued = 0;

  for (unsigned int i = 0; i < sizeof(payload); i++)
    payload[i] = (unsigned char)(i * 7 + 3);
  INIT_LIST_HEAD(&queue);

  for (long p = 0; p < pkts; p++) {
    unsigned long r = bench_rand(&seed);
    int nfrags = 1 + (int)(r % 4);
    struct skb *first = NULL, **tailp = &first;
    for (int f = 0; f < nfrags; f++) {
      unsigned int len = 64 + (unsigned int)((r >> (8 * f)) % 1400);
      struct skb *s = alloc_skb(len + 128);
      skb_reserve(s, 64);
      memcpy(skb_put(s, len), payload + (f * 131 + p) % 512, len);
      unsigned char *hdr = skb_push(s, 14);
      memset(hdr, 0xff, 6);
      memcpy(hdr + 6, payload, 6);
      hdr[12] = 0x08;
      hdr[13] = 0x00;
      s->protocol = 0x0800;
      *tailp = s;
      tailp = &s->frag_next;
    }
    struct skb *lin = skb_linearize(first);
    lin->csum = csum_partial(lin->data, lin->len, 0);
    skb_pull(lin, 14);
    struct skb *clone = skb_copy(lin);
    sum = bench_mix(sum, lin->csum + clone->len + clone->data[clone->len / 2]);
    kfree_skb(lin);
    kfree_skb(first);
    list_add_tail(&clone->list, &queue);
    if (++queued > 64) {
      struct skb *old = list_first_entry(&queue, struct skb, list);
      list_del(&old->list);
      sum = bench_mix(sum, csum_partial(old->data, old->len, 0));
      kfree_skb(old);
      queued--;
    }
  }
  while (!list_empty(&queue)) {
    struct skb *old = list_first_entry(&queue, struct skb, list);
    list_del(&old->list);
    kfree_skb(old);
  }
  bench_done("skb_chain", sum);
  return 0;
}
