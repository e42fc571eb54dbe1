// Declares every compiler-called entry point from include/kmemsan/abi.def,
// so that a definition whose signature drifts from the list the pass uses
// is a compile error (a C-linkage function cannot be overloaded).
#ifndef KMEMSAN_ABI_H
#define KMEMSAN_ABI_H

#include <stdint.h>

#define KMEMSAN_ABI_TYPE_Void void
#define KMEMSAN_ABI_TYPE_Ptr void *
#define KMEMSAN_ABI_TYPE_UPtr uintptr_t
#define KMEMSAN_ABI_TYPE_I32 int

extern "C" {
#define KMEMSAN_ABI0(NAME, RET) KMEMSAN_ABI_TYPE_##RET NAME(void);
#define KMEMSAN_ABI1(NAME, RET, A1)                                            \
  KMEMSAN_ABI_TYPE_##RET NAME(KMEMSAN_ABI_TYPE_##A1);
#define KMEMSAN_ABI2(NAME, RET, A1, A2)                                        \
  KMEMSAN_ABI_TYPE_##RET NAME(KMEMSAN_ABI_TYPE_##A1, KMEMSAN_ABI_TYPE_##A2);
#define KMEMSAN_ABI3(NAME, RET, A1, A2, A3)                                    \
  KMEMSAN_ABI_TYPE_##RET NAME(KMEMSAN_ABI_TYPE_##A1, KMEMSAN_ABI_TYPE_##A2,    \
                              KMEMSAN_ABI_TYPE_##A3);
#define KMEMSAN_ABI_SIZED(SIZE)                                                \
  void __asan_load##SIZE(uintptr_t);                                           \
  void __asan_store##SIZE(uintptr_t);                                          \
  void __asan_load##SIZE##_noabort(uintptr_t);                                 \
  void __asan_store##SIZE##_noabort(uintptr_t);                                \
  void __asan_report_load##SIZE##_noabort(uintptr_t);                          \
  void __asan_report_store##SIZE##_noabort(uintptr_t);
#include "kmemsan/abi.def"
}

#endif // KMEMSAN_ABI_H
