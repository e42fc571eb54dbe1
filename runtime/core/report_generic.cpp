// What only generic (shadow-based) KASan adds to reports: the bug type read
// from the shadow, and the description of stack frames from the frame
// descriptor LLVM leaves at the base of each instrumented frame (the model
// is Linux mm/kasan/report_generic.c).
#include "format.h"
#include "kasan.h"
#include "report.h"

namespace kmemsan {
namespace {

// How far below a stack address its frame's base may be.
constexpr uintptr_t kMaxFrameScan = 64 * 1024;
// Most objects listed for one frame, and the longest descriptor read.
constexpr unsigned long kMaxFrameObjects = 64;
constexpr size_t kMaxDescriptor = 4096;

bool is_partial(uint8_t v) { return v > 0 && v < kGranule; }

// Finds the base of the instrumented frame holding ADDR: the word
// kStackFrameMagic in a granule whose shadow is the frame's left redzone.
bool find_frame(uintptr_t addr, uintptr_t *frame) {
  uintptr_t lowest = addr > kMaxFrameScan ? addr - kMaxFrameScan : 0;
  for (uintptr_t p = round_down(addr, kGranule); p >= lowest && p >= kGranule;
       p -= kGranule) {
    if (!kmemsan_platform_addr_has_shadow(p) ||
        !kmemsan_platform_addr_on_stack(p))
      return false;
    if (*mem_to_shadow(p) == KMEMSAN_STACK_LEFT &&
        *reinterpret_cast<const uintptr_t *>(p) == kStackFrameMagic) {
      *frame = p;
      return true;
    }
  }
  return false;
}

// A cursor over LLVM's frame descriptor:
//   "<count> (<offset> <size> <name length> <name>[:<line>])..."
// that never reads past the NUL or kMaxDescriptor, whatever the bytes are.
class DescriptorReader {
public:
  explicit DescriptorReader(const char *s) : s_(s) {}

  bool number(unsigned long *out) {
    skip_spaces();
    unsigned long v = 0;
    size_t digits = 0;
    while (pos_ < kMaxDescriptor && s_[pos_] >= '0' && s_[pos_] <= '9') {
      if (v > (~0UL - 9) / 10)
        return false;
      v = v * 10 + static_cast<unsigned long>(s_[pos_++] - '0');
      digits++;
    }
    *out = v;
    return digits > 0;
  }

  // LEN bytes of name; stops early at a NUL. The ":line" suffix clang adds
  // with debug info is left out of *NAME_LEN.
  bool name(unsigned long len, const char **name, size_t *name_len) {
    skip_spaces();
    size_t start = pos_;
    for (unsigned long i = 0; i < len; i++) {
      if (pos_ >= kMaxDescriptor || !s_[pos_])
        return false;
      pos_++;
    }
    *name = s_ + start;
    *name_len = pos_ - start;
    for (size_t i = 0; i < *name_len; i++) {
      if ((*name)[i] == ':') {
        *name_len = i;
        break;
      }
    }
    return true;
  }

private:
  void skip_spaces() {
    while (pos_ < kMaxDescriptor && s_[pos_] == ' ')
      pos_++;
  }

  const char *s_;
  size_t pos_ = 0;
};

void print_frame_objects(const char *descr) {
  DescriptorReader r(descr);
  unsigned long count;
  if (!r.number(&count) || count == 0)
    return;
  if (count > kMaxFrameObjects)
    count = kMaxFrameObjects;
  report_line("");
  report_line("This frame has %lu %s:", count,
              count == 1 ? "object" : "objects");
  for (unsigned long i = 0; i < count; i++) {
    unsigned long offset, size, len;
    const char *name;
    size_t name_len;
    if (!r.number(&offset) || !r.number(&size) || !r.number(&len) ||
        !r.name(len, &name, &name_len))
      return;
    char shown[128];
    size_t n = name_len < sizeof(shown) - 1 ? name_len : sizeof(shown) - 1;
    internal_memcpy(shown, name, n);
    shown[n] = '\0';
    report_line(" [%lu, %lu) '%s'", offset, offset + size, shown);
  }
}

// "func+0x0/0xsize" for the entry address of a function. Platforms look a
// pc up as a return address (pc - 1), which for an entry address is the
// previous function, so ask for the byte after it and take one back off.
void symbolize_function_entry(uintptr_t pc, char *buf, size_t size) {
  symbolize(pc + 1, false, buf, size);
  char *plus = nullptr;
  for (char *p = buf; *p; p++)
    if (p[0] == '+' && p[1] == '0' && p[2] == 'x')
      plus = p;
  if (!plus)
    return;
  char *digits = plus + 3;
  uintptr_t offset = 0;
  char *end = digits;
  for (;; end++) {
    char c = *end;
    if (c >= '0' && c <= '9')
      offset = offset * 16 + static_cast<uintptr_t>(c - '0');
    else if (c >= 'a' && c <= 'f')
      offset = offset * 16 + static_cast<uintptr_t>(c - 'a' + 10);
    else
      break;
  }
  if (end == digits || offset == 0)
    return;
  char rest[256];
  internal_strlcpy(rest, end, sizeof(rest));
  size_t room = size - static_cast<size_t>(digits - buf);
  size_t n = format(digits, room, "%lx", offset - 1);
  if (n < room)
    internal_strlcpy(digits + n, rest, room - n);
}

} // namespace

const char *shadow_bug_type(uintptr_t first_bad) {
  uint8_t v = *mem_to_shadow(first_bad);
  // A partial granule says nothing about why: the next granule does.
  if (is_partial(v)) {
    uintptr_t next = round_down(first_bad, kGranule) + kGranule;
    if (!kmemsan_platform_addr_has_shadow(next))
      return "out-of-bounds";
    v = *mem_to_shadow(next);
  }
  switch (v) {
  case KMEMSAN_SLAB_REDZONE:
  case KMEMSAN_PAGE_REDZONE:
    return "slab-out-of-bounds";
  case KMEMSAN_SLAB_FREE:
  case KMEMSAN_SLAB_FREETRACK:
    return "slab-use-after-free";
  case KMEMSAN_PAGE_FREE:
    return "use-after-free";
  case KMEMSAN_GLOBAL_REDZONE:
    return "global-out-of-bounds";
  case KMEMSAN_STACK_LEFT:
  case KMEMSAN_STACK_MID:
  case KMEMSAN_STACK_RIGHT:
    return "stack-out-of-bounds";
  case KMEMSAN_ALLOCA_LEFT:
  case KMEMSAN_ALLOCA_RIGHT:
    return "alloca-out-of-bounds";
  case KMEMSAN_VMALLOC_INVALID:
    return "vmalloc-out-of-bounds";
  }
  return "out-of-bounds";
}

const char *access_bug_type(uintptr_t addr, size_t size, uintptr_t first_bad) {
  // A negative size (memmove with a bad length) wraps around.
  if (addr + size < addr)
    return "out-of-bounds";
  if (!kmemsan_platform_addr_has_shadow(addr)) {
    if (addr < kNullPageEnd)
      return "null-ptr-deref";
    if (kmemsan_platform_addr_is_user && kmemsan_platform_addr_is_user(addr))
      return "user-memory-access";
    return "wild-memory-access";
  }
  if (!kmemsan_platform_addr_has_shadow(first_bad))
    return "wild-memory-access";
  return shadow_bug_type(first_bad);
}

void describe_stack_address(uintptr_t addr) {
  char task[64];
  task[0] = '\0';
  kmemsan_platform_task_name(task, sizeof(task));
  task[sizeof(task) - 1] = '\0';
  report_line("The buggy address belongs to stack of task %s/%u", task,
              kmemsan_platform_task_id());
  uintptr_t frame;
  if (find_frame(addr, &frame)) {
    const uintptr_t *words = reinterpret_cast<const uintptr_t *>(frame);
    const char *descr = reinterpret_cast<const char *>(words[1]);
    uintptr_t pc = words[2];
    report_line(" and is located at offset %lu in frame:", addr - frame);
    char sym[256];
    symbolize_function_entry(pc, sym, sizeof(sym));
    report_line(" %s", sym);
    if (descr)
      print_frame_objects(descr);
  }
  report_line("");
}

} // namespace kmemsan
