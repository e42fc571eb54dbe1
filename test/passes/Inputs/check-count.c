// A small kernel-flavoured workload for counting checks: struct field
// updates, loops over arrays, a few globals and memcpy.
typedef unsigned long size_t;
void *memcpy(void *dst, const void *src, size_t n);
void kfree(void *p);

struct list_head {
  struct list_head *next, *prev;
};

struct packet {
  struct list_head link;
  unsigned int len;
  unsigned short proto;
  unsigned char flags;
  unsigned char ttl;
  unsigned long stamp;
  unsigned char data[64];
};

struct stats {
  unsigned long rx, tx, dropped, errors;
};

static struct stats global_stats;
static int histogram[16];
int nr_packets;
struct packet *last_packet;

static void list_add(struct list_head *item, struct list_head *head) {
  struct list_head *next = head->next;
  next->prev = item;
  item->next = next;
  item->prev = head;
  head->next = item;
}

void packet_init(struct packet *p, unsigned int len, unsigned short proto) {
  p->len = len;
  p->proto = proto;
  p->flags = 0;
  p->ttl = 64;
  p->stamp = 0;
  p->link.next = &p->link;
  p->link.prev = &p->link;
}

void packet_fill(struct packet *p, const unsigned char *src, unsigned int n) {
  if (n > sizeof(p->data))
    n = sizeof(p->data);
  memcpy(p->data, src, n);
  p->len = n;
}

unsigned int packet_checksum(const struct packet *p) {
  unsigned int sum = 0;
  for (unsigned int i = 0; i < p->len && i < sizeof(p->data); i++)
    sum += p->data[i];
  return sum ^ p->proto ^ p->flags;
}

void packet_queue(struct packet *p, struct list_head *queue) {
  list_add(&p->link, queue);
  p->stamp++;
  p->ttl--;
  if (p->ttl == 0)
    p->flags |= 1;
  global_stats.tx++;
  global_stats.rx += p->len;
  histogram[p->len & 15]++;
  nr_packets++;
  last_packet = p;
}

void stats_update(struct stats *s, const struct packet *pkts, int n) {
  for (int i = 0; i < n; i++) {
    s->rx += pkts[i].len;
    if (pkts[i].flags & 1)
      s->dropped++;
    if (pkts[i].ttl == 0)
      s->errors++;
  }
  s->tx = s->rx - s->dropped;
}

void stats_snapshot(struct stats *dst) {
  dst->rx = global_stats.rx;
  dst->tx = global_stats.tx;
  dst->dropped = global_stats.dropped;
  dst->errors = global_stats.errors;
}

void matrix_add(int *a, const int *b, int rows, int cols) {
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++)
      a[r * cols + c] += b[r * cols + c];
}

void packet_release(struct packet *p) {
  p->len = 0;
  kfree(p);
  nr_packets--;
}

int histogram_sum(void) {
  int s = 0;
  for (int i = 0; i < 16; i++)
    s += histogram[i];
  return s;
}
