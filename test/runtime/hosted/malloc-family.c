// malloc-family: every libc allocation function returns usable memory with
// the alignment it promises, and a use after free through each one is
// reported as a slab (or, above 8 KiB and for big alignments, page)
// use-after-free. Correct use reports nothing.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t ok 2>&1 | FileCheck %s --check-prefix=OK
// RUN: %t uaf > %t.uaf.log 2>&1
// RUN: FileCheck %s --check-prefix=UAF < %t.uaf.log
// RUN: %t bad-free 2>&1 | FileCheck %s --check-prefix=BADFREE

#define _GNU_SOURCE
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define noinline __attribute__((noinline))

static char *volatile sink;

static int fails;
#define EXPECT(cond)                                                           \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "FAILED: %s (line %d)\n", #cond, __LINE__);              \
      fails++;                                                                 \
    }                                                                          \
  } while (0)

static int aligned(void *p, size_t a) { return ((uintptr_t)p & (a - 1)) == 0; }

noinline static void correct_use(void) {
  static char dummy[1];
  char *p = malloc(100);
  EXPECT(p && aligned(p, 16));
  memset(p, 'a', 100);
  EXPECT(malloc_usable_size(p) == 100);
  p = realloc(p, 5000);
  EXPECT(p && p[99] == 'a');
  memset(p, 'b', 5000);
  p = realloc(p, 10);
  EXPECT(p && p[9] == 'b');
  free(p);

  char *z = calloc(10, 10);
  EXPECT(z && z[0] == 0 && z[99] == 0);
  free(z);
  sink = calloc(SIZE_MAX / 2, 4); // through a volatile: not folded away
  EXPECT(sink == NULL && errno == ENOMEM);
  sink = realloc(NULL, 8);
  EXPECT(sink != NULL);
  free(sink);

  void *q = NULL;
  EXPECT(posix_memalign(&q, 64, 100) == 0 && aligned(q, 64));
  memset(q, 0, 100);
  free(q);
  EXPECT(posix_memalign(&q, 3, 100) == EINVAL);
  EXPECT(posix_memalign(&q, 4, 100) == EINVAL);

  q = aligned_alloc(4096, 4096);
  EXPECT(q && aligned(q, 4096));
  memset(q, 0, 4096);
  free(q);
  q = memalign(32, 33);
  EXPECT(q && aligned(q, 32));
  free(q);
  q = valloc(10);
  EXPECT(q && aligned(q, 4096));
  free(q);
  q = pvalloc(10);
  EXPECT(q && aligned(q, 4096));
  memset(q, 0, 4096); // pvalloc rounds the size up to a page
  free(q);

  char *s = strdup("kmemsan");
  EXPECT(s && strcmp(s, "kmemsan") == 0);
  free(s);
  s = strndup("kmemsan", 3);
  EXPECT(s && strcmp(s, "kme") == 0 && malloc_usable_size(s) == 4);
  free(s);

  char *a = malloc(0);
  sink = malloc(0);
  EXPECT(a && sink && a != sink); // distinct, like glibc's
  free(a);
  free(sink);
  free(NULL);

  char *big = malloc(1 << 20);
  EXPECT(big && aligned(big, 4096));
  memset(big, 1, 1 << 20);
  free(big);
  sink = dummy;
}

noinline static void use_after_free(char *p) {
  free(p);
  sink[0] = p[0]; // the read of a freed object
}

static void uaf_case(const char *what) {
  void *q = NULL;
  fprintf(stderr, "case %s\n", what);
  if (!strcmp(what, "malloc"))
    use_after_free(malloc(20));
  else if (!strcmp(what, "calloc"))
    use_after_free(calloc(3, 10));
  else if (!strcmp(what, "realloc")) {
    // Through volatiles: the compiler knows realloc and would fold it away.
    char *volatile old = malloc(20);
    char *volatile moved = realloc(old, 200);
    sink[0] = old[0]; // the old object is gone
    free(moved);
  } else if (!strcmp(what, "strdup"))
    use_after_free(strdup("a string of 25 characters"));
  else if (!strcmp(what, "strndup"))
    use_after_free(strndup("a string of 25 characters", 60));
  else if (!strcmp(what, "posix_memalign")) {
    posix_memalign(&q, 16, 40);
    use_after_free(q);
  } else if (!strcmp(what, "aligned_alloc"))
    use_after_free(aligned_alloc(64, 64));
  else if (!strcmp(what, "memalign"))
    use_after_free(memalign(128, 10));
  else if (!strcmp(what, "valloc"))
    use_after_free(valloc(100));
  else if (!strcmp(what, "pvalloc"))
    use_after_free(pvalloc(100));
  else if (!strcmp(what, "big"))
    use_after_free(malloc(100000));
}

int main(int argc, char **argv) {
  static char dummy[1];
  sink = dummy;
  const char *what = argc > 1 ? argv[1] : "ok";
  if (!strcmp(what, "ok")) {
    correct_use();
    fprintf(stderr, "done: %d failures\n", fails);
    return fails != 0;
  }
  if (!strcmp(what, "uaf")) {
    static const char *const cases[] = {
        "malloc", "calloc", "realloc", "strdup", "strndup", "posix_memalign",
        "aligned_alloc", "memalign", "valloc", "pvalloc", "big"};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
      uaf_case(cases[i]);
  } else if (!strcmp(what, "bad-free")) {
    char *volatile p = malloc(8);
    free(p);
    fprintf(stderr, "case realloc-freed\n");
    sink = realloc(p, 16);
    fprintf(stderr, "realloc returned %p\n", (void *)sink);
    fprintf(stderr, "case free-twice\n");
    free(p);
  }
  fprintf(stderr, "done\n");
  return 0;
}

// OK-NOT: BUG: KASAN
// OK: done: 0 failures

// UAF-LABEL: case malloc
// UAF: BUG: KASAN: slab-use-after-free in use_after_free+
// UAF-NEXT: Read of size 1 at addr
// UAF: Allocated by task
// UAF-NEXT: {{^}} main+
// UAF: Freed by task
// UAF-NEXT: {{^}} use_after_free+
// UAF: cache kmalloc-32 of size 32
// UAF: freed 20-byte region

// UAF-LABEL: case calloc
// UAF: BUG: KASAN: slab-use-after-free in use_after_free+
// UAF: cache kmalloc-32 of size 32
// UAF: freed 30-byte region

// UAF-LABEL: case realloc
// UAF: BUG: KASAN: slab-use-after-free in main+
// UAF: Freed by task
// UAF-NEXT: {{^}} main+
// UAF: cache kmalloc-32 of size 32
// UAF: freed 20-byte region

// UAF-LABEL: case strdup
// UAF: BUG: KASAN: slab-use-after-free in use_after_free+
// UAF: cache kmalloc-32 of size 32
// UAF: freed 26-byte region

// UAF-LABEL: case strndup
// UAF: BUG: KASAN: slab-use-after-free in use_after_free+
// UAF: freed 26-byte region

// UAF-LABEL: case posix_memalign
// UAF: BUG: KASAN: slab-use-after-free in use_after_free+
// UAF: cache kmalloc-64 of size 64
// UAF: freed 40-byte region

// Alignments above 16 and sizes above 8 KiB come from the page allocator.
// UAF-LABEL: case aligned_alloc
// UAF: BUG: KASAN: use-after-free in use_after_free+
// UAF: freed 64-byte region
// UAF-LABEL: case memalign
// UAF: BUG: KASAN: use-after-free in use_after_free+
// UAF: freed 10-byte region
// UAF-LABEL: case valloc
// UAF: BUG: KASAN: use-after-free in use_after_free+
// UAF: freed 100-byte region
// UAF-LABEL: case pvalloc
// UAF: BUG: KASAN: use-after-free in use_after_free+
// UAF: freed 4096-byte region
// UAF-LABEL: case big
// UAF: BUG: KASAN: use-after-free in use_after_free+
// UAF: freed 100000-byte region
// UAF: done

// BADFREE-LABEL: case realloc-freed
// BADFREE: BUG: KASAN: double-free in main+
// BADFREE: realloc returned (nil)
// BADFREE-LABEL: case free-twice
// BADFREE: BUG: KASAN: double-free in main+
// BADFREE: done
