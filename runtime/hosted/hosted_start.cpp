// Start-up of the hosted runtime: the shadow mapping, the allocator regions
// and the core's initialisation, done exactly once, either from the
// program's .preinit_array or from the first malloc (libc and the dynamic
// loader may allocate before .preinit_array runs).

#include "hosted.h"

#include <errno.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

namespace kmemsan::hosted {

volatile int g_core_ready;

namespace {

// The shadow of the whole user address space [0, 2^47), one byte per 8.
constexpr uintptr_t kShadowStart = KMEMSAN_SHADOW_OFFSET;
constexpr uintptr_t kShadowSize = 1UL << 44;
constexpr uintptr_t kUserSpaceEnd = 1UL << 47;
// The core's hot paths assume this bound (runtime/CMakeLists.txt).
static_assert(KMEMSAN_SHADOW_LIMIT == kUserSpaceEnd, "core and platform agree");

enum StartState { kNotStarted = 0, kStarting = 1, kStarted = 2 };
int g_start_state = kNotStarted;
__thread int t_starting __attribute__((tls_model("initial-exec")));

[[noreturn]] void DieAtStart(const char *what, uintptr_t start, uintptr_t end,
                             int err, const char *hint) {
  char buf[512];
  char *p = buf, *e = buf + sizeof(buf);
  p = AppendStr(p, e, "kmemsan: cannot map ");
  p = AppendStr(p, e, what);
  if (end) { // a fixed place
    p = AppendStr(p, e, " at [0x");
    p = AppendHex(p, e, start);
    p = AppendStr(p, e, ", 0x");
    p = AppendHex(p, e, end);
    p = AppendStr(p, e, ")");
  }
  p = AppendStr(p, e, ": ");
  p = AppendStr(p, e, ErrnoText(err));
  p = AppendStr(p, e, "; ");
  p = AppendStr(p, e, hint);
  p = AppendStr(p, e, "\n");
  WriteStderr(buf);
  _exit(1);
}

void MapShadow() {
  void *p = mmap(
      (void *)kShadowStart, kShadowSize, PROT_READ | PROT_WRITE,
      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
  int err = errno;
  if (p != MAP_FAILED && p != (void *)kShadowStart) {
    // A kernel older than 4.17 treats MAP_FIXED_NOREPLACE as a hint.
    munmap(p, kShadowSize);
    p = MAP_FAILED;
    err = EEXIST;
  }
  if (p == MAP_FAILED)
    DieAtStart("the shadow memory", kShadowStart, kShadowStart + kShadowSize,
               err,
               "the hosted runtime needs 16 TiB of address space there (is "
               "'ulimit -v' set, or is something else mapped in that range?)");
}

void ResetAfterForkInChild() {
  ResetThreadStateAfterFork();
  KlsanResetAfterFork();
}

void Start() {
  MapShadow();
  // KLSan's tag directory: always there (untouched, it costs nothing), so
  // that code built with KLSan finds it whatever the options say.
  KlsanMapDirectory();
  if (!InitAllocatorRegions())
    DieAtStart("the allocator regions", 0, 0, errno,
               "the hosted runtime reserves about 200 GiB of address space for "
               "its heap (is 'ulimit -v' set?)");
  KlsanThreadsInit();
  kmemsan_init();
  __atomic_store_n(&g_core_ready, 1, __ATOMIC_RELEASE);
}

void PreinitEntry(int, char **, char **envp) {
  g_startup_envp = envp;
  EnsureStarted();
  // Registered here rather than in Start(): it may allocate a little.
  pthread_atfork(nullptr, nullptr, ResetAfterForkInChild);
  InstallFaultHandler();
  KlsanPreinit();
}

} // namespace

void EnsureStarted() {
  if (__atomic_load_n(&g_start_state, __ATOMIC_ACQUIRE) == kStarted)
    return;
  int expected = kNotStarted;
  if (__atomic_compare_exchange_n(&g_start_state, &expected, kStarting, false,
                                  __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    t_starting = 1;
    Start();
    t_starting = 0;
    __atomic_store_n(&g_start_state, kStarted, __ATOMIC_RELEASE);
    return;
  }
  if (t_starting) // an allocation made while starting: the regions are there
    return;
  while (__atomic_load_n(&g_start_state, __ATOMIC_ACQUIRE) != kStarted)
    __builtin_ia32_pause();
}

void *MapAnonymous(size_t size, uintptr_t fixed_addr) {
  int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
  if (fixed_addr)
    flags |= MAP_FIXED_NOREPLACE;
  void *p =
      mmap((void *)fixed_addr, size, PROT_READ | PROT_WRITE, flags, -1, 0);
  return p == MAP_FAILED ? nullptr : p;
}

void WriteStderr(const char *msg) {
  size_t len = RawStrlen(msg);
  while (len > 0) {
    ssize_t n = write(2, msg, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return;
    msg += n;
    len -= (size_t)n;
  }
}

const char *ErrnoText(int err) {
  switch (err) {
  case ENOMEM:
    return "Cannot allocate memory";
  case EEXIST:
    return "File exists (the range is already mapped)";
  case EINVAL:
    return "Invalid argument";
  case EPERM:
    return "Operation not permitted";
  case EACCES:
    return "Permission denied";
  case ENOENT:
    return "No such file or directory";
  case ENOTDIR:
    return "Not a directory";
  case EISDIR:
    return "Is a directory";
  case EROFS:
    return "Read-only file system";
  case ENOSPC:
    return "No space left on device";
  case EMFILE:
    return "Too many open files";
  default:
    return "unknown error";
  }
}

} // namespace kmemsan::hosted

using namespace kmemsan::hosted;

// Runs before any constructor of the program or its libraries.
__attribute__((section(".preinit_array"), used)) static void (
        *const kmemsan_preinit_entry)(int, char **, char **) = PreinitEntry;

extern "C" {

int kmemsan_platform_addr_has_shadow(uintptr_t addr) {
  return addr < kUserSpaceEnd && g_start_state != kNotStarted;
}

void *kmemsan_platform_map_metadata(size_t size) {
  return MapAnonymous(size, 0);
}

} // extern "C"
