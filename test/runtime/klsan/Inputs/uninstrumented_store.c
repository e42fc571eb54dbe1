/*
 * Built with plain clang (no plugin): the stores here are invisible to
 * KLSan's counting. nr_uninstrumented_store.c hands objects to them.
 */
#include <stddef.h>

struct box {
  unsigned long id;
  void *payload;
  char pad[48];
};

void *plain_global_slot;

void plain_store_global(void *p) { plain_global_slot = p; }

void plain_store_into(struct box *b, void *p) { b->payload = p; }

void *plain_take_global(void) {
  void *p = plain_global_slot;

  plain_global_slot = NULL;
  return p;
}
