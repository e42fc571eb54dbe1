// The test platform: every kmemsan_platform_* function, for the unit tests.
#include "test_platform.h"

#include <sys/mman.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <thread>
#include <utility>

#include <gtest/gtest.h>

#include "kasan.h"
#include "klsan.h"
#include "options.h"

namespace testplat {

std::vector<kmemsan_object> released;
std::vector<std::string> reports_done;
int halt_calls;
std::jmp_buf *halt_target;
int stop_world_calls;
uint64_t clock_ns;
uint64_t clock_step_ns;

namespace {

struct Symbol {
  std::string name;
  uintptr_t start;
  size_t size;
  std::string file;
  int line;
};

std::string g_output;
std::deque<FakeObject> g_objects;
std::vector<uintptr_t> g_unwind;
std::vector<Symbol> g_symbols;
std::string g_options;
bool g_have_options;
thread_local int t_in_runtime;
std::atomic<bool> g_gated;
std::thread::id g_gated_thread;
std::atomic<long> g_foreign_lookups;
std::vector<std::pair<uintptr_t, uintptr_t>> g_roots;

void map_fixed(uintptr_t addr, size_t size) {
  void *p = mmap(
      reinterpret_cast<void *>(addr), size, PROT_READ | PROT_WRITE,
      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
  if (p != reinterpret_cast<void *>(addr)) {
    std::fprintf(stderr, "test platform: cannot map %#lx\n", addr);
    std::abort();
  }
}

uintptr_t shadow_of(uintptr_t addr) {
  return reinterpret_cast<uintptr_t>(kmemsan::mem_to_shadow(addr));
}

// Maps the arena and its shadow, and initializes the core, once.
class ArenaEnvironment : public ::testing::Environment {
public:
  void SetUp() override {
    map_fixed(kArenaBase, kArenaSize);
    map_fixed(shadow_of(kArenaBase), kArenaSize / 8);
    map_fixed(KMEMSAN_KLSAN_DIRECTORY, KMEMSAN_KLSAN_DIRECTORY_SIZE);
    kmemsan_init();
    reset();
  }
};

[[maybe_unused]] ::testing::Environment *const g_env =
    ::testing::AddGlobalTestEnvironment(new ArenaEnvironment);

} // namespace

void gate_lookups() {
  g_gated_thread = std::this_thread::get_id();
  g_foreign_lookups = 0;
  g_gated = true;
}

long foreign_lookups() { return g_foreign_lookups.load(); }

void reset() {
  g_unwind.clear();
  kmemsan::options_set_defaults();
  kmemsan::quarantine_set_limit(0);
  kmemsan::quarantine_set_limit(64UL << 20);
  kmemsan::reports_reset();
  g_output.clear();
  g_objects.clear();
  g_symbols.clear();
  released.clear();
  reports_done.clear();
  halt_calls = 0;
  halt_target = nullptr;
  std::memset(reinterpret_cast<void *>(shadow_of(kArenaBase)), 0,
              kArenaSize / 8);
  g_have_options = false;
  g_roots.clear();
  stop_world_calls = 0;
  g_gated = false;
  g_foreign_lookups = 0;
  clock_ns = 0;
  clock_step_ns = 0;
  kmemsan::klsan_reset_for_testing();
  kmemsan::tags_zero(kArenaBase, kArenaBase + kArenaSize);
}

void add_root(uintptr_t begin, uintptr_t end) {
  g_roots.emplace_back(begin, end);
}

std::string &output() { return g_output; }

std::vector<std::string> output_lines() {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < g_output.size()) {
    size_t nl = g_output.find('\n', pos);
    if (nl == std::string::npos)
      nl = g_output.size();
    lines.push_back(g_output.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return lines;
}

FakeObject *add_object(kmemsan_object_kind kind, uintptr_t start, size_t size,
                       const char *cache_name, unsigned order) {
  g_objects.emplace_back();
  FakeObject *f = &g_objects.back();
  std::memset(f, 0, sizeof(*f));
  f->obj.kind = kind;
  f->obj.start = start;
  f->obj.size = size;
  f->obj.cache_name = cache_name;
  f->obj.page_order = order;
  f->obj.meta = &f->meta;
  return f;
}

void set_unwind(std::vector<uintptr_t> pcs) { g_unwind = std::move(pcs); }

void add_symbol(const char *name, uintptr_t start, size_t size,
                const char *file, int line) {
  g_symbols.push_back({name, start, size, file ? file : "", line});
}

void set_options(const char *str) {
  g_options = str ? str : "";
  g_have_options = str != nullptr;
}

} // namespace testplat

using namespace testplat;

extern "C" {

void kmemsan_platform_write(const char *buf, size_t len) {
  g_output.append(buf, len);
}

void kmemsan_platform_halt(void) {
  halt_calls++;
  if (halt_target)
    std::longjmp(*halt_target, 1);
  std::fprintf(stderr,
               "kmemsan_platform_halt() outside a test that expects it\n%s",
               g_output.c_str());
  std::abort();
}

const char *kmemsan_platform_options(void) {
  return g_have_options ? g_options.c_str() : nullptr;
}

int kmemsan_platform_addr_has_shadow(uintptr_t addr) {
  return addr >= kArenaBase && addr - kArenaBase < kArenaSize;
}

int kmemsan_platform_addr_on_stack(uintptr_t addr) {
  return addr >= kStackBase && addr - kStackBase < kStackSize;
}

uint32_t kmemsan_platform_task_id(void) { return 42; }

void kmemsan_platform_task_name(char *buf, size_t size) {
  std::snprintf(buf, size, "%s", "test-task");
}

int kmemsan_platform_enter(void) {
  if (t_in_runtime)
    return 0;
  t_in_runtime = 1;
  return 1;
}

void kmemsan_platform_leave(void) { t_in_runtime = 0; }

size_t kmemsan_platform_unwind(uintptr_t *pcs, size_t max) {
  size_t n = g_unwind.size() < max ? g_unwind.size() : max;
  for (size_t i = 0; i < n; i++)
    pcs[i] = g_unwind[i];
  return n;
}

void kmemsan_platform_symbolize(uintptr_t pc, int with_location, char *buf,
                                size_t size) {
  for (const Symbol &s : g_symbols) {
    if (pc >= s.start && pc < s.start + s.size) {
      int n = std::snprintf(buf, size, "%s+0x%lx/0x%zx", s.name.c_str(),
                            pc - s.start, s.size);
      if (with_location && !s.file.empty() && n >= 0 &&
          static_cast<size_t>(n) < size)
        std::snprintf(buf + n, size - n, " (%s:%d)", s.file.c_str(), s.line);
      return;
    }
  }
  buf[0] = '\0';
}

void *kmemsan_platform_map_metadata(size_t size) {
  void *p = mmap(nullptr, size, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? nullptr : p;
}

int kmemsan_platform_describe_object(uintptr_t addr, kmemsan_object *out) {
  const FakeObject *best = nullptr;
  uintptr_t best_distance = 0;
  for (const FakeObject &f : g_objects) {
    uintptr_t start = f.obj.start, end = f.obj.start + f.obj.size;
    uintptr_t d = addr < start  ? start - addr
                  : addr >= end ? addr - end + 1
                                : 0;
    if (d <= 4096 && (!best || d < best_distance)) {
      best = &f;
      best_distance = d;
    }
  }
  if (!best)
    return 0;
  *out = best->obj;
  return 1;
}

void kmemsan_platform_release_object(const kmemsan_object *obj) {
  released.push_back(*obj);
}

void kmemsan_platform_memmove(void *dst, const void *src, size_t n) {
  memmove(dst, src, n);
}

void kmemsan_platform_memset(void *dst, int c, size_t n) { memset(dst, c, n); }

int kmemsan_platform_find_live_object(uintptr_t addr, kmemsan_object *out) {
  if (g_gated.load()) {
    if (std::this_thread::get_id() != g_gated_thread) {
      g_foreign_lookups++;
    } else {
      for (int i = 0; i < 5000 && !g_foreign_lookups.load(); i++)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  for (const FakeObject &f : g_objects) {
    if (__atomic_load_n(&f.meta.allocated, __ATOMIC_ACQUIRE) &&
        addr - f.obj.start < f.meta.requested) {
      *out = f.obj;
      return 1;
    }
  }
  return 0;
}

void kmemsan_platform_stop_world(void) { stop_world_calls++; }

void kmemsan_platform_resume_world(void) {}

uint64_t kmemsan_platform_now_ns(void) {
  return __atomic_add_fetch(&testplat::clock_ns, testplat::clock_step_ns,
                            __ATOMIC_RELAXED);
}

void kmemsan_platform_for_each_root(kmemsan_root_fn cb, void *arg) {
  for (const auto &r : g_roots)
    cb(r.first, r.second, arg);
}

void kmemsan_platform_report_done(const char *bug_type) {
  reports_done.push_back(bug_type);
}

} // extern "C"
