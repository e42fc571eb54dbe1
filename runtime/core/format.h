// A small printf for reports: the core has no libc. Supports %s %c %d %i %u
// %x %X with the l, ll and z length modifiers, width (or *), the '0' and '-'
// flags, %p (always 16 zero-padded lowercase hex digits, like the kernel's
// %px) and %%.
#ifndef KMEMSAN_FORMAT_H
#define KMEMSAN_FORMAT_H

#include <stddef.h>

namespace kmemsan {

// Like snprintf: writes at most SIZE-1 characters and a NUL; returns the
// length the whole output would have had.
size_t vformat(char *buf, size_t size, const char *fmt, __builtin_va_list ap);
size_t format(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

} // namespace kmemsan

#endif // KMEMSAN_FORMAT_H
