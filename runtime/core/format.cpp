// The report formatter (see format.h for what it supports).
#include "format.h"

#include <stdint.h>

namespace kmemsan {
namespace {

class Output {
public:
  Output(char *buf, size_t size) : buf_(buf), size_(size) {}
  void put(char c) {
    if (len_ + 1 < size_)
      buf_[len_] = c;
    len_++;
  }
  void pad(char c, int n) {
    for (; n > 0; n--)
      put(c);
  }
  size_t finish() {
    if (size_)
      buf_[len_ < size_ ? len_ : size_ - 1] = '\0';
    return len_;
  }

private:
  char *buf_;
  size_t size_;
  size_t len_ = 0;
};

struct Spec {
  bool left = false; // '-'
  bool zero = false; // '0'
  int width = 0;
};

void put_string(Output &out, const Spec &spec, const char *s, size_t max) {
  size_t n = 0;
  while (n < max && s[n])
    n++;
  int fill = spec.width - static_cast<int>(n);
  if (!spec.left)
    out.pad(' ', fill);
  for (size_t i = 0; i < n; i++)
    out.put(s[i]);
  if (spec.left)
    out.pad(' ', fill);
}

void put_number(Output &out, const Spec &spec, unsigned long long v,
                unsigned base, bool negative, bool upper) {
  const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = digits[v % base];
    v /= base;
  } while (v);
  int len = n + (negative ? 1 : 0);
  int fill = spec.width - len;
  if (spec.left) {
    if (negative)
      out.put('-');
    while (n)
      out.put(tmp[--n]);
    out.pad(' ', fill);
    return;
  }
  if (spec.zero) {
    if (negative)
      out.put('-');
    out.pad('0', fill);
  } else {
    out.pad(' ', fill);
    if (negative)
      out.put('-');
  }
  while (n)
    out.put(tmp[--n]);
}

} // namespace

size_t vformat(char *buf, size_t size, const char *fmt, __builtin_va_list ap) {
  Output out(buf, size);
  for (const char *p = fmt; *p; p++) {
    if (*p != '%') {
      out.put(*p);
      continue;
    }
    p++;
    Spec spec;
    for (;; p++) {
      if (*p == '-')
        spec.left = true;
      else if (*p == '0')
        spec.zero = true;
      else
        break;
    }
    if (*p == '*') {
      spec.width = __builtin_va_arg(ap, int);
      if (spec.width < 0) {
        spec.left = true;
        spec.width = -spec.width;
      }
      p++;
    } else {
      while (*p >= '0' && *p <= '9')
        spec.width = spec.width * 10 + (*p++ - '0');
    }
    int longs = 0; // 0: int, 1: long, 2: long long; z counts as long
    while (*p == 'l' || *p == 'z') {
      longs++;
      p++;
    }
    switch (*p) {
    case 'd':
    case 'i': {
      long long v = longs >= 2   ? __builtin_va_arg(ap, long long)
                    : longs == 1 ? __builtin_va_arg(ap, long)
                                 : __builtin_va_arg(ap, int);
      unsigned long long mag =
          v < 0 ? 0ULL - static_cast<unsigned long long>(v) : v;
      put_number(out, spec, mag, 10, v < 0, false);
      break;
    }
    case 'u':
    case 'x':
    case 'X': {
      unsigned long long v = longs >= 2
                                 ? __builtin_va_arg(ap, unsigned long long)
                             : longs == 1 ? __builtin_va_arg(ap, unsigned long)
                                          : __builtin_va_arg(ap, unsigned);
      put_number(out, spec, v, *p == 'u' ? 10 : 16, false, *p == 'X');
      break;
    }
    case 'p': {
      Spec px;
      px.zero = true;
      px.width = 2 * sizeof(void *);
      uintptr_t v = reinterpret_cast<uintptr_t>(__builtin_va_arg(ap, void *));
      put_number(out, px, v, 16, false, false);
      break;
    }
    case 'c': {
      char c[1] = {static_cast<char>(__builtin_va_arg(ap, int))};
      put_string(out, spec, c, 1);
      break;
    }
    case 's': {
      const char *s = __builtin_va_arg(ap, const char *);
      put_string(out, spec, s ? s : "(null)", ~static_cast<size_t>(0));
      break;
    }
    case '%':
      out.put('%');
      break;
    case '\0':
      return out.finish();
    default: // unknown conversion: show it rather than guess
      out.put('%');
      out.put(*p);
      break;
    }
  }
  return out.finish();
}

size_t format(char *buf, size_t size, const char *fmt, ...) {
  __builtin_va_list ap;
  __builtin_va_start(ap, fmt);
  size_t n = vformat(buf, size, fmt, ap);
  __builtin_va_end(ap);
  return n;
}

} // namespace kmemsan
