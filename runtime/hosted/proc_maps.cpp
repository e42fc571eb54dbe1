// /proc/self/maps, read without allocating: the hosted runtime uses it for
// thread stack bounds and, under KLSan, for the writable data of modules.

#include "hosted.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

namespace kmemsan::hosted {
namespace {

bool ParseHexField(const char *&p, const char *end, uintptr_t *out) {
  uintptr_t v = 0;
  const char *start = p;
  for (; p < end; p++) {
    char c = *p;
    unsigned d;
    if (c >= '0' && c <= '9')
      d = (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f')
      d = (unsigned)(c - 'a' + 10);
    else
      break;
    v = (v << 4) | d;
  }
  *out = v;
  return p != start;
}

} // namespace

void ForEachMapping(bool (*fn)(const Mapping &, void *), void *arg) {
  int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return;
  char buf[4096];
  size_t have = 0;
  bool stop = false;
  while (!stop) {
    ssize_t n = read(fd, buf + have, sizeof(buf) - have);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    have += (size_t)n;
    const char *p = buf, *limit = buf + have;
    for (;;) {
      const char *nl = p;
      while (nl < limit && *nl != '\n')
        nl++;
      if (nl == limit)
        break; // an incomplete line: read more
      Mapping m;
      const char *q = p;
      if (ParseHexField(q, nl, &m.start) && q < nl && *q == '-' &&
          ParseHexField(++q, nl, &m.end) && q + 2 < nl && *q == ' ') {
        m.readable = q[1] == 'r';
        m.writable = q[2] == 'w';
        if (!fn(m, arg)) {
          stop = true;
          break;
        }
      }
      p = nl + 1;
    }
    have = (size_t)(limit - p);
    RawMemmove(buf, p, have);
    if (have == sizeof(buf)) // a line longer than the buffer: give up
      break;
  }
  close(fd);
}

bool MappingOf(uintptr_t addr, Mapping *out) {
  bool found = false;
  ForEachMapping([&](const Mapping &m) {
    if (addr >= m.start && addr < m.end) {
      *out = m;
      found = true;
      return false;
    }
    return true;
  });
  return found;
}

} // namespace kmemsan::hosted
