// What every report shares: serialization, the header, stacks, the object
// description and the memory state (the model is Linux mm/kasan/report.c,
// in the wording of Linux 6.3 and later).
#include "report.h"

#include "format.h"
#include "kasan.h"
#include "options.h"
#include "stack_depot.h"

namespace kmemsan {
namespace {

constexpr const char *kRule =
    "==================================================================";
constexpr size_t kLineSize = 512;
constexpr size_t kSymbolSize = 256;
// The memory state shows 16 granules (128 bytes) per row, two rows either
// side of the buggy one.
constexpr uintptr_t kRowBytes = 16 * kGranule;
constexpr int kRowsAround = 2;

SpinLock g_report_lock;
unsigned long g_reports;

// Takes the report lock and decides whether this report is printed.
bool begin_report() {
  g_report_lock.lock();
  const Options &o = options();
  if ((!o.multi_shot && g_reports >= 1) ||
      (o.report_limit > 0 &&
       g_reports >= static_cast<unsigned long>(o.report_limit))) {
    g_report_lock.unlock();
    return false;
  }
  g_reports++;
  report_line("%s", kRule);
  return true;
}

// Ends a report begun by begin_report().
void close_report(const char *bug_type) {
  report_line("%s", kRule);
  kmemsan_platform_report_done(bug_type);
  g_report_lock.unlock();
}

// Ends a report begun by begin_report() and leaves the runtime.
void end_report(const char *bug_type, bool fatal) {
  close_report(bug_type);
  kmemsan_platform_leave();
  if (fatal || options().halt_on_error)
    kmemsan_platform_halt();
}

void print_stack(const uintptr_t *pcs, size_t n) {
  char sym[kSymbolSize];
  for (size_t i = 0; i < n; i++) {
    symbolize(pcs[i], options().symbolize, sym, sizeof(sym));
    report_line(" %s", sym);
  }
}

void print_current_stack(uintptr_t ip) {
  uintptr_t pcs[kMaxStackFrames];
  size_t n = collect_stack(pcs, kMaxStackFrames, ip);
  report_line("Call Trace:");
  print_stack(pcs, n);
}

void print_track(const char *what, const struct kmemsan_track &t) {
  report_line("%s by task %u:", what, t.task_id);
  const uintptr_t *pcs;
  size_t n = t.stack ? depot_get(t.stack, &pcs) : 0;
  if (n)
    print_stack(pcs, n);
  else
    report_line("(stack is not available)");
  report_line("");
}

void print_task(char *name, size_t size) {
  name[0] = '\0';
  kmemsan_platform_task_name(name, size);
  name[size - 1] = '\0';
}

// "The buggy address is located N bytes <where> of\n <state> S-byte region".
void print_located(uintptr_t addr, uintptr_t start, size_t size,
                   const char *state, const char *what) {
  const char *where;
  uintptr_t n;
  if (addr < start) {
    where = "to the left";
    n = start - addr;
  } else if (addr >= start + size) {
    where = "to the right";
    n = addr - (start + size);
  } else {
    where = "inside";
    n = addr - start;
  }
  report_line("The buggy address is located %lu bytes %s of", n, where);
  if (what)
    report_line(" %s '%s' of size %zu", state, what, size);
  else
    report_line(" %s %zu-byte region [%p, %p)", state, size,
                reinterpret_cast<void *>(start),
                reinterpret_cast<void *>(start + size));
}

void describe_heap_object(uintptr_t addr, const struct kmemsan_object &obj) {
  const struct kmemsan_object_meta *meta = obj.meta;
  bool allocated = meta && __atomic_load_n(&meta->allocated, __ATOMIC_ACQUIRE);
  if (meta) {
    print_track("Allocated", meta->alloc);
    if (!allocated || meta->free.stack)
      print_track("Freed", meta->free);
  }
  switch (obj.kind) {
  case KMEMSAN_OBJECT_PAGE:
    report_line("The buggy address belongs to the physical page:");
    report_line(" page at %p order %u", reinterpret_cast<void *>(obj.start),
                obj.page_order);
    break;
  case KMEMSAN_OBJECT_VMALLOC:
    report_line("The buggy address belongs to a vmalloc virtual mapping");
    break;
  case KMEMSAN_OBJECT_SLAB:
  default:
    report_line("The buggy address belongs to the object at %p",
                reinterpret_cast<void *>(obj.start));
    report_line(" which belongs to the cache %s of size %zu",
                obj.cache_name ? obj.cache_name : "(unknown)", obj.size);
    break;
  }
  size_t requested = meta ? meta->requested : obj.size;
  print_located(addr, obj.start, requested, allocated ? "allocated" : "freed",
                nullptr);
  report_line("");
}

void describe_global(uintptr_t addr, const GlobalDesc &g) {
  const char *name = g.name ? g.name : "(unknown)";
  report_line("The buggy address belongs to the variable:");
  report_line(" %s+0x%lx/0x%lx", name, addr - g.beg, g.size);
  print_located(addr, g.beg, g.size, "global variable", name);
  report_line("");
}

// The heap object, global or stack frame that ADDR belongs to.
void describe_address(uintptr_t addr) {
  struct kmemsan_object obj;
  GlobalDesc global;
  if (kmemsan_platform_describe_object(addr, &obj))
    describe_heap_object(addr, obj);
  else if (find_global(addr, &global))
    describe_global(addr, global);
  else if (kmemsan_platform_addr_on_stack(addr))
    describe_stack_address(addr);
}

bool row_has_shadow(uintptr_t row) {
  return kmemsan_platform_addr_has_shadow(row) &&
         kmemsan_platform_addr_has_shadow(row + kRowBytes - 1);
}

void print_memory_state(uintptr_t bad) {
  uintptr_t buggy_row = round_down(bad, kRowBytes);
  uintptr_t first = buggy_row - kRowsAround * kRowBytes;
  report_line("Memory state around the buggy address:");
  for (int i = 0; i <= 2 * kRowsAround; i++) {
    uintptr_t row = first + i * kRowBytes;
    if (!row_has_shadow(row))
      continue;
    char line[kLineSize];
    size_t len =
        format(line, sizeof(line), "%c%p:", row == buggy_row ? '>' : ' ',
               reinterpret_cast<void *>(row));
    const uint8_t *s = mem_to_shadow(row);
    for (uintptr_t g = 0; g < kRowBytes / kGranule; g++)
      len += format(line + len, sizeof(line) - len, " %02x", s[g]);
    report_line("%s", line);
    if (row == buggy_row) {
      // The caret sits under the first hex digit of the bad granule.
      int column = 1 + 16 + 2 + 3 * static_cast<int>((bad - row) / kGranule);
      report_line("%*c", column + 1, '^');
    }
  }
}

} // namespace

void report_line(const char *fmt, ...) {
  char buf[kLineSize];
  __builtin_va_list ap;
  __builtin_va_start(ap, fmt);
  size_t n = vformat(buf, sizeof(buf) - 1, fmt, ap);
  __builtin_va_end(ap);
  if (n > sizeof(buf) - 2)
    n = sizeof(buf) - 2;
  buf[n] = '\n';
  kmemsan_platform_write(buf, n + 1);
}

void symbolize(uintptr_t pc, bool with_location, char *buf, size_t size) {
  buf[0] = '\0';
  kmemsan_platform_symbolize(pc, with_location, buf, size);
  buf[size - 1] = '\0';
  if (!buf[0])
    format(buf, size, "0x%lx", pc);
}

size_t collect_stack(uintptr_t *pcs, size_t max, uintptr_t ip) {
  uintptr_t raw[kMaxStackFrames + 16];
  size_t n = kmemsan_platform_unwind(raw, kMaxStackFrames + 16);
  size_t depth = static_cast<size_t>(options().stack_depth);
  if (depth == 0 || depth > kMaxStackFrames)
    depth = kMaxStackFrames;
  if (max > depth)
    max = depth;
  // Start at the frame that made the access or the call (drop the
  // runtime's own frames); keep everything if IP is not on the stack.
  size_t start = 0;
  for (size_t i = 0; i < n; i++) {
    if (raw[i] == ip) {
      start = i;
      break;
    }
  }
  size_t out = 0;
  for (size_t i = start; i < n && out < max; i++)
    pcs[out++] = raw[i];
  return out;
}

uint32_t save_stack(uintptr_t ip) {
  uintptr_t pcs[kMaxStackFrames];
  size_t n = collect_stack(pcs, kMaxStackFrames, ip);
  return depot_put(pcs, n);
}

bool report_begin() { return begin_report(); }

void report_finish(const char *bug_type) { close_report(bug_type); }

void report_stack(const uintptr_t *pcs, size_t n) { print_stack(pcs, n); }

void report_track(const char *what, const struct kmemsan_track &track) {
  print_track(what, track);
}

unsigned long reports_printed() {
  SpinLockGuard guard(g_report_lock);
  return g_reports;
}

void reports_reset() {
  SpinLockGuard guard(g_report_lock);
  g_reports = 0;
}

bool report_access(uintptr_t addr, size_t size, bool write, uintptr_t ip,
                   bool fatal) {
  if (!kmemsan_platform_enter())
    return false; // the runtime's own access: never recurse
  bool wraps = addr + size < addr;
  bool has_shadow = !wraps && kmemsan_platform_addr_has_shadow(addr) &&
                    kmemsan_platform_addr_has_shadow(addr + size - 1);
  uintptr_t bad = addr;
  if (has_shadow && !find_first_bad(addr, size, &bad)) {
    kmemsan_platform_leave(); // a conservative inline check: not a bug
    return false;
  }
  const char *bug_type = access_bug_type(addr, size, bad);
  if (!begin_report()) {
    kmemsan_platform_leave();
    if (fatal)
      kmemsan_platform_halt();
    return false;
  }
  char sym[kSymbolSize];
  char task[64];
  symbolize(ip, false, sym, sizeof(sym));
  print_task(task, sizeof(task));
  report_line("BUG: KASAN: %s in %s", bug_type, sym);
  report_line("%s of size %zu at addr %p by task %s/%u",
              write ? "Write" : "Read", size, reinterpret_cast<void *>(addr),
              task, kmemsan_platform_task_id());
  report_line("");
  print_current_stack(ip);
  bool addr_has_shadow = kmemsan_platform_addr_has_shadow(addr);
  if (addr_has_shadow) {
    report_line("");
    describe_address(addr);
    if (kmemsan_platform_addr_has_shadow(bad))
      print_memory_state(bad);
  }
  end_report(bug_type, fatal);
  return true;
}

void report_free(const char *bug_type, uintptr_t ptr, uintptr_t ip,
                 const struct kmemsan_object *obj) {
  if (!kmemsan_platform_enter())
    return;
  if (!begin_report()) {
    kmemsan_platform_leave();
    return;
  }
  char sym[kSymbolSize];
  char task[64];
  symbolize(ip, false, sym, sizeof(sym));
  print_task(task, sizeof(task));
  report_line("BUG: KASAN: %s in %s", bug_type, sym);
  report_line("Free of addr %p by task %s/%u", reinterpret_cast<void *>(ptr),
              task, kmemsan_platform_task_id());
  report_line("");
  print_current_stack(ip);
  report_line("");
  if (obj)
    describe_heap_object(ptr, *obj);
  if (kmemsan_platform_addr_has_shadow(ptr))
    print_memory_state(ptr);
  end_report(bug_type, false);
}

} // namespace kmemsan
