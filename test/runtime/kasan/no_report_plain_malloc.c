// no_report_plain_malloc: an ordinary C program (no kernel API) that uses
// malloc, calloc, realloc, strdup, strndup, posix_memalign, free and the
// string functions correctly; with malloc routed to the checked allocator,
// nothing is reported and the program computes the right answers.
//
// RUN: %clang_kmemsan -O1 -g %s -o %t
// RUN: %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: %clang_kmemsan -O2 -g %s -o %t.O2
// RUN: %t.O2 2>&1 | FileCheck %s

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct word {
  char *text;
  int count;
};

static int by_text(const void *a, const void *b) {
  return strcmp(((const struct word *)a)->text, ((const struct word *)b)->text);
}

int main(void) {
  static const char *const input[] = {"kernel", "memory", "sanitizer", "slab",
                                      "kernel", "page",   "memory",    "kernel"};
  struct word *words = NULL;
  size_t nwords = 0, i, j;
  char *line, *copy, *joined;
  int *counts;
  void *aligned = NULL;
  int ok = 1;

  /* A growing array of strdup'ed words, counted. */
  for (i = 0; i < sizeof(input) / sizeof(input[0]); i++) {
    for (j = 0; j < nwords; j++)
      if (strcmp(words[j].text, input[i]) == 0)
        break;
    if (j == nwords) {
      words = realloc(words, (nwords + 1) * sizeof(*words));
      words[nwords].text = strdup(input[i]);
      words[nwords].count = 0;
      nwords++;
    }
    words[j].count++;
  }
  qsort(words, nwords, sizeof(*words), by_text);

  /* Join them into one string with strcat/strcpy into exact-size buffers. */
  {
    size_t len = 1;
    for (i = 0; i < nwords; i++)
      len += strlen(words[i].text) + 1;
    joined = malloc(len);
    joined[0] = '\0';
    for (i = 0; i < nwords; i++) {
      strcat(joined, words[i].text);
      if (i + 1 < nwords)
        strcat(joined, ",");
    }
  }
  if (strcmp(joined, "kernel,memory,page,sanitizer,slab") != 0)
    ok = 0;

  /* calloc'ed memory is zero; memmove/memcpy/memset within bounds. */
  counts = calloc(nwords, sizeof(*counts));
  for (i = 0; i < nwords; i++)
    if (counts[i] != 0)
      ok = 0;
  for (i = 0; i < nwords; i++)
    counts[i] = words[i].count;
  memmove(counts + 1, counts, (nwords - 1) * sizeof(*counts));
  memset(counts, 0, sizeof(*counts));
  if (counts[1] != 3 || counts[2] != 2)
    ok = 0;

  line = malloc(64);
  snprintf(line, 64, "%zu words, first %s", nwords, words[0].text);
  copy = strndup(line, 7);
  if (strlen(copy) != 7 || strncmp(copy, line, 7) != 0 || !strchr(line, 'k') ||
      strrchr(line, 'x') || memcmp(line, "5 words", 7) != 0)
    ok = 0;
  memcpy(line, copy, strlen(copy) + 1);

  if (posix_memalign(&aligned, 64, 100) != 0 || ((unsigned long)aligned & 63))
    ok = 0;
  else
    memset(aligned, 1, 100);

  /* Shrink and grow with realloc; the prefix survives. */
  joined = realloc(joined, 7);
  joined[6] = '\0';
  joined = realloc(joined, 4000);
  strcat(joined, "-tail");
  if (strcmp(joined, "kernel-tail") != 0)
    ok = 0;

  free(aligned);
  free(line);
  free(copy);
  free(counts);
  free(joined);
  for (i = 0; i < nwords; i++)
    free(words[i].text);
  free(words);
  free(NULL);

  printf("no_report_plain_malloc: done (%s)\n", ok ? "correct" : "WRONG");
  return 0;
}

// CHECK-NOT: BUG: KASAN
// CHECK: no_report_plain_malloc: done (correct)
// CHECK-NOT: BUG: KASAN
