// The plugin prints nothing, and broken or unusual input does not upset it.
// RUN: %clang -Xclang -load -Xclang %shlibdir/libkmemsan-clang.so -c %s -o %t.o 2>&1 \
// RUN:   | count 0
// RUN: %clang -Xclang -load -Xclang %shlibdir/libkmemsan-clang.so -fsyntax-only %s 2>&1 \
// RUN:   | count 0
// RUN: %clang -Xclang -load -Xclang %shlibdir/libkmemsan-clang.so -E %s -o /dev/null 2>&1 \
// RUN:   | count 0
// Loaded twice (two spellings, one file): the action registers once.
// RUN: %clang -Xclang -load -Xclang %shlibdir/libkmemsan-clang.so \
// RUN:   -fplugin=%shlibdir/libkmemsan-clang.so -S -emit-llvm %s -o - 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ONCE
// A translation unit with errors: clang's diagnostics only, no crash.
// RUN: not %clang -Xclang -load -Xclang %shlibdir/libkmemsan-clang.so -DBROKEN \
// RUN:   -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=BROKEN
// RUN: not %clang -Xclang -load -Xclang %shlibdir/libkmemsan-clang.so -DBROKEN \
// RUN:   -S -emit-llvm %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=BROKEN
// Precompiled headers keep the annotation.
// RUN: %clang -Xclang -load -Xclang %shlibdir/libkmemsan-clang.so -O1 -x c-header \
// RUN:   -DMAKE_PCH %s -o %t.pch 2>&1 | count 0
// RUN: %clang -Xclang -load -Xclang %shlibdir/libkmemsan-clang.so -include-pch %t.pch \
// RUN:   -DUSE_PCH -S -emit-llvm -O1 %s -o - | FileCheck %s --check-prefix=PCH

// ONCE: @llvm.global.annotations = appending global [1 x

// BROKEN: error:
// BROKEN-NOT: PLEASE submit a bug report
// BROKEN-NOT: Stack dump

// PCH: @llvm.global.annotations = appending global [2 x
// PCH-DAG: { ptr @from_header,
// PCH-DAG: { ptr @header_inline,

// The PCH's macros (MAKE_PCH too) are visible when it is used.
#if defined(MAKE_PCH) && !defined(USE_PCH)
__attribute__((no_sanitize("address"))) int from_header(int *p);
static inline __attribute__((no_sanitize_address)) int header_inline(int *p) { return *p; }
#elif defined(USE_PCH)
int from_header(int *p) { return header_inline(p) + 1; }
#else
#include <stddef.h>

struct node { struct node *next; int v; };

__attribute__((no_sanitize("address"))) static size_t walk(const struct node *n) {
  size_t k = 0;
  for (; n; n = n->next)
    k += (size_t)n->v;
  return k;
}

size_t entry(const struct node *n) {
  int (*fp)(int) = 0;
  (void)fp;
  return walk(n);
}

#ifdef BROKEN
__attribute__((no_sanitize("address"))) int broken(int *p { return *p; }
__attribute__((no_sanitize("address"))) int after(undeclared_t *p) { return *p; }
#endif
#endif
