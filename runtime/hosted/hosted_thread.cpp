// Per-thread services: the reentrancy guard, the task's id and name, the
// thread's stack bounds and the frame-pointer unwinder.
//
// Stack bounds come from /proc/self/maps (read with open/read, no stdio and
// no allocation), once per thread: the mapping that holds the thread's
// current frame. pthread_getattr_np would allocate (it calls malloc for the
// main thread and for the CPU set), which the unwinder must never do.

#include "hosted.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

extern "C" void *__libc_stack_end; // set by the dynamic loader

namespace kmemsan::hosted {

#define KMEMSAN_TLS __thread __attribute__((tls_model("initial-exec")))

KMEMSAN_TLS int t_in_runtime;

namespace {
KMEMSAN_TLS uint32_t t_task_id;
KMEMSAN_TLS char t_comm[16];             // the thread's name, cached
KMEMSAN_TLS unsigned t_comm_generation;  // g_name_generation + 1 when read
unsigned g_name_generation;              // bumped by every rename
KMEMSAN_TLS uintptr_t t_stack_start; // the mapping holding the thread's stack
KMEMSAN_TLS uintptr_t t_stack_end;   // 0: not looked up yet; 1: unknown

// Stacks of the threads that looked theirs up, for addr_on_stack() on
// another thread's stack. Entries of threads that exited stay (glibc reuses
// the stacks of exited threads for new ones, so they are still stacks).
constexpr int kMaxKnownStacks = 256;
struct StackRange {
  uintptr_t start, end;
};
StackRange g_stacks[kMaxKnownStacks];
int g_num_stacks;
SpinLock g_stacks_lock;

void RegisterStack(uintptr_t start, uintptr_t end) {
  LockGuard guard(g_stacks_lock);
  for (int i = 0; i < g_num_stacks; i++)
    if (g_stacks[i].start == start && g_stacks[i].end == end)
      return;
  if (g_num_stacks < kMaxKnownStacks)
    g_stacks[g_num_stacks++] = {start, end};
}

// Looks the current thread's stack up once; t_stack_end 1 means unknown.
void EnsureStackBounds() {
  if (t_stack_end)
    return;
  uintptr_t here = (uintptr_t)__builtin_frame_address(0);
  Mapping stack;
  if (MappingOf(here, &stack)) {
    t_stack_start = stack.start;
    t_stack_end = stack.end;
    RegisterStack(stack.start, stack.end);
  } else if (syscall(SYS_gettid) == getpid() && (uintptr_t)__libc_stack_end > here) {
    // No /proc: the main thread's frames all lie below __libc_stack_end.
    t_stack_start = here;
    t_stack_end = (uintptr_t)__libc_stack_end;
  } else {
    t_stack_end = 1;
  }
}

} // namespace

void ResetThreadStateAfterFork() { t_task_id = 0; }

// Walks the frame-pointer chain: each frame holds the caller's frame pointer
// at [fp] and the return address at [fp + 8]. Every frame pointer must lie
// above the previous one, 8-aligned, between BOTTOM (a live stack address)
// and the top of this thread's stack, so a frame built without frame
// pointers ends the walk instead of faulting.
size_t UnwindFrom(uintptr_t fp, uintptr_t bottom, uintptr_t *pcs, size_t max) {
  EnsureStackBounds();
  uintptr_t top = t_stack_end > 1 ? t_stack_end : 0;
  size_t n = 0;
  while (n < max) {
    if (top ? (fp + 16 > top) : (n > 0))
      break;
    if (fp < bottom || (fp & 7))
      break;
    uintptr_t next = ((uintptr_t *)fp)[0];
    uintptr_t pc = ((uintptr_t *)fp)[1];
    if (pc < 4096)
      break;
    // The runtime's thread-start wrapper (hosted_klsan.cpp) is not shown:
    // the program's start routine is followed by libc's start_thread.
    if (!(next == t_thread_start_fp && next))
      pcs[n++] = pc;
    if (next <= fp)
      break;
    fp = next;
  }
  return n;
}

} // namespace kmemsan::hosted

using namespace kmemsan::hosted;

extern "C" {

int kmemsan_platform_enter(void) {
  if (t_in_runtime)
    return 0;
  t_in_runtime = 1;
  return 1;
}

void kmemsan_platform_leave(void) { t_in_runtime = 0; }

uint32_t kmemsan_platform_task_id(void) {
  if (!t_task_id)
    t_task_id = (uint32_t)syscall(SYS_gettid);
  return t_task_id;
}

void kmemsan_platform_task_name(char *buf, size_t size) {
  // Read once per thread and again after a rename: KLSan asks on every drop
  // of a reference, and PR_GET_NAME is a system call.
  unsigned generation = __atomic_load_n(&g_name_generation, __ATOMIC_ACQUIRE);
  if (t_comm_generation != generation + 1) {
    if (prctl(PR_GET_NAME, t_comm, 0, 0, 0) != 0)
      t_comm[0] = 0;
    t_comm[sizeof(t_comm) - 1] = 0;
    t_comm_generation = generation + 1;
  }
  if (size == 0)
    return;
  AppendStr(buf, buf + size, t_comm);
}

// Renames: every thread's cached name is read again. (A write to
// /proc/self/task/N/comm is not seen.)
int prctl(int option, ...) {
  va_list ap;
  va_start(ap, option);
  unsigned long a2 = va_arg(ap, unsigned long), a3 = va_arg(ap, unsigned long),
                a4 = va_arg(ap, unsigned long), a5 = va_arg(ap, unsigned long);
  va_end(ap);
  long ret = syscall(SYS_prctl, option, a2, a3, a4, a5);
  if (option == PR_SET_NAME)
    __atomic_fetch_add(&g_name_generation, 1, __ATOMIC_RELEASE);
  return (int)ret;
}

int pthread_setname_np(pthread_t thread, const char *name) {
  typedef int (*SetNameFn)(pthread_t, const char *);
  static SetNameFn real;
  if (!real)
    real = (SetNameFn)dlsym(RTLD_NEXT, "pthread_setname_np");
  int ret = real ? real(thread, name) : ENOSYS;
  __atomic_fetch_add(&g_name_generation, 1, __ATOMIC_RELEASE);
  return ret;
}

uintptr_t kmemsan_platform_stack_top(uintptr_t sp) {
  EnsureStackBounds();
  if (t_stack_end <= 1 || sp >= t_stack_end)
    return 0;
  if (sp >= t_stack_start)
    return t_stack_end;
  // Below the mapping seen at start: the main thread's stack has grown
  // since, if the mapping holding SP now ends at the same top.
  Mapping now;
  return MappingOf(sp, &now) && now.end == t_stack_end ? t_stack_end : 0;
}

int kmemsan_platform_addr_on_stack(uintptr_t addr) {
  EnsureStackBounds();
  uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
  // The main thread's stack may have grown below the mapping we saw.
  if (t_stack_end > 1 && (addr >= t_stack_start || addr >= sp) &&
      addr < t_stack_end)
    return 1;
  if (t_stack_end <= 1 && addr >= sp && addr - sp < (1UL << 23))
    return 1; // bounds unknown: within 8 MiB above our frame
  LockGuard guard(g_stacks_lock);
  for (int i = 0; i < g_num_stacks; i++)
    if (addr >= g_stacks[i].start && addr < g_stacks[i].end)
      return 1;
  return 0;
}

// Not a tail call: our frame (where the walk starts) must outlive the walk.
__attribute__((noinline, disable_tail_calls)) size_t
kmemsan_platform_unwind(uintptr_t *pcs, size_t max) {
  uintptr_t fp = (uintptr_t)__builtin_frame_address(0);
  return UnwindFrom(fp, fp, pcs, max);
}

} // extern "C"
