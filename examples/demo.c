/*
 * kmemsan demo: a tiny "character device driver" modelled in userspace with
 * the kernel-flavoured API of <kmemsan/kernel.h>, containing three real
 * memory bugs of the kind KASAN finds in drivers, and a memory leak of the
 * kind KLSan finds:
 *
 *   1. ring_push_off_by_one()         writes one slot past a ring buffer
 *                                     (slab-out-of-bounds);
 *   2. read_status_after_complete()   reads a request after it was freed
 *                                     (slab-use-after-free);
 *   3. release_device_twice()         frees the device's ring twice, once in
 *                                     the release path and once in a
 *                                     misplaced error path (double-free);
 *   4. device_reconfigure()           replaces the device's configuration
 *                                     without freeing the old one (a leak:
 *                                     KLSan reports it where the last
 *                                     reference was overwritten).
 *
 * Build and run:
 *   tools/kmemsan-cc -O1 -g examples/demo.c -o demo && ./demo
 * Each of bugs 1-3 prints a KASAN report; reporting is multi-shot, so the
 * program carries on after each one and exits normally. Bug 4 is reported
 * when KLSan is on as well:
 *   tools/kmemsan-cc --kasan --klsan -O1 -g examples/demo.c -o demo && ./demo
 */
#include <kmemsan/kernel.h>
#include <stdio.h>
#include <string.h>

#define RING_SLOTS 8

/* A ring of request ids; the slots are the struct's last member. */
struct ring {
  unsigned int head;
  unsigned int count;
  uint32_t slots[RING_SLOTS];
};

struct request {
  struct request *next;
  uint32_t id;
  int status;
  size_t len;
  char payload[32];
};

struct config {
  unsigned int mtu;
  unsigned int queue_depth;
  char label[24];
};

struct device {
  char name[16];
  struct ring *ring;
  struct config *config;
  struct request *pending;
  unsigned int next_id;
  unsigned int completed;
};

static noinline struct device *device_open(const char *name) {
  struct device *dev = kzalloc(sizeof(*dev), GFP_KERNEL);

  if (!dev)
    return NULL;
  strncpy(dev->name, name, sizeof(dev->name) - 1);
  dev->ring = kzalloc(sizeof(*dev->ring), GFP_KERNEL);
  if (!dev->ring) {
    kfree(dev);
    return NULL;
  }
  dev->config = kzalloc(sizeof(*dev->config), GFP_KERNEL);
  if (!dev->config) {
    kfree(dev->ring);
    kfree(dev);
    return NULL;
  }
  dev->config->mtu = 576;
  dev->config->queue_depth = RING_SLOTS;
  strcpy(dev->config->label, "default");
  dev->next_id = 1;
  return dev;
}

/*
 * Bug 4: the new configuration replaces the old one, which is never freed.
 * This store overwrites the last reference to it: a leak (KLSan).
 */
static noinline int device_reconfigure(struct device *dev, unsigned int mtu) {
  struct config *config = kzalloc(sizeof(*config), GFP_KERNEL);

  if (!config)
    return -12;
  config->mtu = mtu;
  config->queue_depth = dev->config->queue_depth;
  strcpy(config->label, "jumbo");
  dev->config = config;
  return 0;
}

/*
 * Bug 1: the wrap-around test is off by one ("> RING_SLOTS" instead of
 * ">= RING_SLOTS"), so the ninth push writes slots[8], just past the ring.
 */
static noinline void ring_push_off_by_one(struct ring *ring, uint32_t id) {
  if (ring->head > RING_SLOTS)
    ring->head = 0;
  ring->slots[ring->head] = id;
  ring->head++;
  if (ring->count < RING_SLOTS)
    ring->count++;
}

static noinline struct request *submit_request(struct device *dev,
                                               const char *data) {
  struct request *req = kzalloc(sizeof(*req), GFP_KERNEL);

  if (!req)
    return NULL;
  req->id = dev->next_id++;
  req->len = strlen(data);
  memcpy(req->payload, data, req->len + 1);
  req->status = -1; /* in flight */
  req->next = dev->pending;
  dev->pending = req;
  return req;
}

/* Completing a request unlinks it and frees it. */
static noinline void complete_request(struct device *dev,
                                      struct request *req) {
  struct request **link = &dev->pending;

  while (*link && *link != req)
    link = &(*link)->next;
  if (*link)
    *link = req->next;
  req->status = 0;
  kfree(req);
  dev->completed++;
}

/*
 * Bug 2: the caller keeps using the request after complete_request() freed
 * it, to read the completion status.
 */
static noinline int read_status_after_complete(struct device *dev,
                                               struct request *req) {
  complete_request(dev, req);
  return req->status;
}

/*
 * Normal traffic: requests come and go. Under KLSan the allocator entries
 * are safe points, where leaks found since the last one are confirmed and
 * reported; the leak of bug 4 is reported here, while the program runs.
 */
static noinline void serve_requests(struct device *dev, unsigned int n) {
  for (unsigned int i = 0; i < n; i++) {
    struct request *req = submit_request(dev, "ping");

    if (req)
      complete_request(dev, req);
  }
}

/* Flushing a device with nothing pending "fails" in this model. */
static noinline int device_flush(struct device *dev) {
  return dev->pending ? 0 : -5;
}

/*
 * Bug 3: release frees the ring, then a late flush fails and its error path
 * frees the ring again, because the pointer was never cleared.
 */
static noinline void release_device_twice(struct device *dev) {
  struct request *req, *next;

  for (req = dev->pending; req; req = next) {
    next = req->next;
    kfree(req);
  }
  dev->pending = NULL;
  kfree(dev->config);
  kfree(dev->ring);
  if (device_flush(dev) < 0)
    kfree(dev->ring);
  kfree(dev);
}

int main(void) {
  struct device *dev;
  struct request *req;
  uint32_t id;
  int status;

  setvbuf(stdout, NULL, _IOLBF, 0);
  dev = device_open("kmemsan0");
  if (!dev)
    return 1;
  fprintf(stderr, "demo: opened %s\n", dev->name);

  for (id = 1; id <= RING_SLOTS + 1; id++)
    ring_push_off_by_one(dev->ring, id);
  fprintf(stderr, "demo: pushed %u ids into an %d-slot ring\n", RING_SLOTS + 1, RING_SLOTS);

  device_reconfigure(dev, 9000);
  fprintf(stderr, "demo: reconfigured %s for an MTU of %u\n", dev->name, dev->config->mtu);

  serve_requests(dev, 512);
  fprintf(stderr, "demo: served 512 requests\n");

  submit_request(dev, "hello");
  req = submit_request(dev, "world");
  status = read_status_after_complete(dev, req);
  fprintf(stderr, "demo: request completed with status %d\n", status);

  release_device_twice(dev);
  fprintf(stderr, "demo: done; the bugs above were reported and the program "
         "ran to the end\n");
  return 0;
}
