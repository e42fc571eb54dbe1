/* An instrumented shared library for shared-library.c and dlopen-library.c:
 * lib_fill() writes one byte past a 10-byte heap buffer when N is 10, and
 * lib_leak() replaces the buffer its holder points to without freeing it. */
#include <stdlib.h>
#include <string.h>

struct holder {
  void *buf;
};

static struct holder *the_holder;

__attribute__((noinline)) int lib_fill(int n) {
  char *p = malloc(10);
  int r;

  memset(p, 0, 10);
  p[n] = 1;
  r = p[0];
  free(p);
  return r;
}

__attribute__((noinline)) static void lib_attach(struct holder *h) {
  h->buf = malloc(48);
}

__attribute__((noinline)) void lib_leak(void) {
  if (!the_holder)
    the_holder = calloc(1, sizeof(*the_holder));
  lib_attach(the_holder);
  lib_attach(the_holder); /* the bug: the first buffer is lost */
}
