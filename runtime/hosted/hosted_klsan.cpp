// What KLSan needs from a Linux x86-64 process: the tag directory and the
// heap range, a registry of the program's threads, stopping and resuming
// them, and the roots the instrumentation does not count (registers, stacks,
// thread-local storage, the writable data of every loaded module).
//
// Threads. pthread_create is intercepted: the new thread runs
// ThreadStart(), which registers it (TID, stack bounds, thread pointer)
// before the program's start routine runs, and a pthread key's destructor
// unregisters it as late as the thread-exit sequence allows. Until
// pthread_join (or for a detached thread, never) an exited thread's TCB stays
// a root: glibc keeps the thread's return value there.
//
// Stopping the world. The stopper holds the registry lock (no thread is
// born or dies meanwhile), sends every other live thread kStopSignal with
// tgkill and waits until each has acknowledged. The handler saves the
// interrupted general registers and its own stack pointer in the thread's
// slot (the signal frame, with every register including the vector ones,
// lies above that stack pointer, so it is scanned with the stack), then
// sleeps on a futex until resume_world(). The signal interrupts blocking
// system calls: they return EINTR as with any handled signal (nanosleep,
// read, ...) or restart (SA_RESTART). Nothing here takes an allocator lock,
// and the handler takes no lock at all, so a thread stopped inside the
// allocator cannot deadlock the stopper.
//
// The calling thread's own stack is scanned from the point where the
// platform entered the core (KlsanSafepointSlow, the exit hook): the core's
// own frames, which hold candidate pointers, are not roots.
//
// Limits: a thread that blocks kStopSignal for good (sigprocmask and
// pthread_sigmask are intercepted so that it cannot, but sigwait on a full
// set, signalfd or raw system calls can) is not stopped within kStopTimeoutNs;
// its whole stack is then scanned without its registers. Threads created
// with raw clone() are unknown. The exit pass runs from an exit handler, so
// it covers return from main and exit(), not _exit(), quick_exit() or abort().

#include "hosted.h"

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <linux/futex.h>
#include <sys/auxv.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

extern "C" int __cxa_atexit(void (*fn)(void *), void *arg, void *dso);

namespace kmemsan::hosted {

__thread int t_klsan_busy __attribute__((tls_model("initial-exec")));
__thread uintptr_t t_thread_start_fp __attribute__((tls_model("initial-exec")));
uintptr_t g_linker_text_start, g_linker_text_size;

namespace {

// ---- Geometry ----

// sizeof(struct pthread) in glibc 2.36 (x86-64): the TCB at the thread
// pointer. Ranges using it are clamped to the mapping that holds it.
constexpr uintptr_t kTcbSize = 2304;
// Static TLS below the thread pointer when the loader cannot tell us.
constexpr uintptr_t kDefaultStaticTls = 64 << 10;

uintptr_t g_static_tls_size = kDefaultStaticTls;

// The heap range, also kept here for the fast reject.
uintptr_t g_heap_start, g_heap_end;

uintptr_t ThreadPointer() {
  uintptr_t tp;
  __asm__("mov %%fs:0, %0" : "=r"(tp));
  return tp;
}

long Gettid() { return syscall(SYS_gettid); }

uintptr_t AlignUp(uintptr_t v) { return (v + 7) & ~(uintptr_t)7; }
uintptr_t AlignDown(uintptr_t v) { return v & ~(uintptr_t)7; }

// ---- The thread registry ----

enum SlotState : int {
  kFree = 0,
  kStarting = 1, // pthread_create in progress: the start argument is a root
  kLive = 2,     // registered: stopped and scanned
  kDead = 3,     // exited, not yet joined: its TCB and return value are roots
};

enum StopState : int {
  kRunning = 0,
  kSignalled = 1,   // the stop signal was sent
  kStopped = 2,     // its handler saved the registers and waits
  kUnstoppable = 3, // did not answer in time: scanned without registers
  kGone = 4,        // tgkill failed: the thread no longer exists
};

struct ThreadSlot {
  int state;
  int tid;
  int detached;
  int dtor_rounds;
  void *(*fn)(void *);
  void *arg;                   // kStarting: the only copy may be here
  uintptr_t retval;            // the start routine's result
  uintptr_t tp;                // thread pointer (= pthread_t)
  uintptr_t stack_lo, stack_hi; // the stack, TLS and TCB of non-main threads
  uintptr_t tls_lo, tls_hi;    // static TLS + TCB when not within the stack
  // Stop protocol.
  int stop_state;
  int on_altstack;
  uintptr_t sp; // the handler's stack pointer: everything above is live
  uintptr_t alt_hi;
  uintptr_t regs[NGREG];
};

constexpr int kMaxThreads = 4096;
ThreadSlot *g_slots; // kMaxThreads, in metadata memory (not a root itself)
int g_num_slots;     // high-water mark
SpinLock g_registry_lock;
pthread_key_t g_exit_key;
bool g_have_exit_key;

__thread ThreadSlot *t_slot __attribute__((tls_model("initial-exec")));
// Where the platform entered the core on this thread: the caller's part of
// the stack begins here (callee-saved registers spilled just below).
__thread uintptr_t t_root_sp __attribute__((tls_model("initial-exec")));

int StopSignal() { return SIGRTMAX - 3; }

ThreadSlot *AllocSlotLocked() {
  for (int i = 0; i < g_num_slots; i++)
    if (g_slots[i].state == kFree)
      return &g_slots[i];
  if (g_num_slots < kMaxThreads)
    return &g_slots[g_num_slots++];
  // Full: give up the oldest exited thread's TCB (a possible false report
  // of its return value, never a crash).
  for (int i = 0; i < g_num_slots; i++)
    if (g_slots[i].state == kDead)
      return &g_slots[i];
  return nullptr;
}

void ClearSlot(ThreadSlot *s, int state) {
  RawMemset(s, 0, sizeof(*s));
  s->state = state;
}

// Fills the slot's bounds for the calling thread.
void DescribeCurrentThread(ThreadSlot *s) {
  s->tid = (int)Gettid();
  s->tp = ThreadPointer();
  uintptr_t here = (uintptr_t)__builtin_frame_address(0);
  Mapping stack, tls;
  if (!MappingOf(here, &stack)) {
    stack.start = here;
    stack.end = here + (1UL << 20);
  }
  s->stack_lo = stack.start;
  s->stack_hi = stack.end;
  if (s->tp >= stack.start && s->tp < stack.end) {
    // glibc puts the TCB at the top of the thread's stack block, static
    // TLS just below it: one range from the stack pointer up covers all.
    uintptr_t top = s->tp + kTcbSize;
    s->stack_hi = top < stack.end ? top : stack.end;
    s->tls_lo = s->tls_hi = 0;
  } else if (MappingOf(s->tp, &tls)) {
    // The main thread: its TLS block comes from the dynamic loader.
    uintptr_t lo = s->tp > g_static_tls_size ? s->tp - g_static_tls_size : 0;
    uintptr_t hi = s->tp + kTcbSize;
    s->tls_lo = lo > tls.start ? lo : tls.start;
    s->tls_hi = hi < tls.end ? hi : tls.end;
  }
}

void UnblockStopSignal() {
  uint64_t set = 1UL << (StopSignal() - 1);
  syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, nullptr, 8);
}

void RegisterCurrentThread(ThreadSlot *s) {
  ThreadSlot desc;
  RawMemset(&desc, 0, sizeof(desc));
  DescribeCurrentThread(&desc);
  LockGuard guard(g_registry_lock);
  // A new thread on a cached stack: the exited thread that had it is gone.
  for (int i = 0; i < g_num_slots; i++)
    if (&g_slots[i] != s && g_slots[i].state == kDead &&
        g_slots[i].tp == desc.tp)
      ClearSlot(&g_slots[i], kFree);
  s->tid = desc.tid;
  s->tp = desc.tp;
  s->stack_lo = desc.stack_lo;
  s->stack_hi = desc.stack_hi;
  s->tls_lo = desc.tls_lo;
  s->tls_hi = desc.tls_hi;
  s->stop_state = kRunning;
  __atomic_store_n(&t_slot, s, __ATOMIC_RELEASE);
  __atomic_store_n(&s->state, kLive, __ATOMIC_RELEASE);
}

void UnregisterCurrentThread() {
  ThreadSlot *s = t_slot;
  if (!s)
    return;
  LockGuard guard(g_registry_lock);
  __atomic_store_n(&t_slot, (ThreadSlot *)nullptr, __ATOMIC_RELEASE);
  if (s->detached)
    ClearSlot(s, kFree);
  else
    s->state = kDead;
}

// The key's destructor: put back until the last round, so that other keys'
// destructors and C++ thread_local destructors still run on a registered
// (stoppable, scanned) thread.
void ThreadExitDestructor(void *p) {
  ThreadSlot *s = (ThreadSlot *)p;
  if (++s->dtor_rounds < PTHREAD_DESTRUCTOR_ITERATIONS &&
      pthread_setspecific(g_exit_key, s) == 0)
    return;
  UnregisterCurrentThread();
}

void *ThreadStart(void *p) {
  ThreadSlot *s = (ThreadSlot *)p;
  t_thread_start_fp = (uintptr_t)__builtin_frame_address(0);
  UnblockStopSignal();
  RegisterCurrentThread(s);
  if (g_have_exit_key)
    pthread_setspecific(g_exit_key, s);
  void *(*fn)(void *) = s->fn;
  void *arg = s->arg;
  void *ret = fn(arg);
  __atomic_store_n(&s->retval, (uintptr_t)ret, __ATOMIC_RELAXED);
  if (!g_have_exit_key)
    UnregisterCurrentThread();
  return ret;
}

// ---- Stopping the world ----

int g_stop_depth;
int g_stop_owner;
int g_world_stopped;
unsigned g_resume_seq;
unsigned g_acks;

constexpr long kStopTimeoutNs = 2000000000L;

long Futex(unsigned *addr, int op, unsigned val, const struct timespec *ts) {
  return syscall(SYS_futex, addr, op | FUTEX_PRIVATE_FLAG, val, ts, nullptr, 0);
}

void StopHandler(int, siginfo_t *, void *ctx) {
  int saved_errno = errno;
  ThreadSlot *s = __atomic_load_n(&t_slot, __ATOMIC_ACQUIRE);
  unsigned seq = __atomic_load_n(&g_resume_seq, __ATOMIC_SEQ_CST);
  if (s && __atomic_load_n(&g_world_stopped, __ATOMIC_SEQ_CST) &&
      __atomic_load_n(&s->stop_state, __ATOMIC_ACQUIRE) == kSignalled) {
    const ucontext_t *uc = (const ucontext_t *)ctx;
    for (int i = 0; i < NGREG; i++)
      s->regs[i] = (uintptr_t)uc->uc_mcontext.gregs[i];
    uintptr_t sp;
    __asm__ volatile("mov %%rsp, %0" : "=r"(sp));
    s->sp = sp;
    s->on_altstack = 0;
    if (sp < s->stack_lo || sp >= s->stack_hi) {
      stack_t ss;
      if (sigaltstack(nullptr, &ss) == 0 && (ss.ss_flags & SS_ONSTACK)) {
        s->on_altstack = 1;
        s->alt_hi = (uintptr_t)ss.ss_sp + ss.ss_size;
      }
    }
    __atomic_store_n(&s->stop_state, kStopped, __ATOMIC_RELEASE);
    __atomic_fetch_add(&g_acks, 1, __ATOMIC_SEQ_CST);
    Futex(&g_acks, FUTEX_WAKE, 1, nullptr);
    while (__atomic_load_n(&g_resume_seq, __ATOMIC_SEQ_CST) == seq)
      Futex(&g_resume_seq, FUTEX_WAIT, seq, nullptr);
  }
  errno = saved_errno;
}

void InstallStopHandler() {
  struct sigaction sa;
  RawMemset(&sa, 0, sizeof(sa));
  sa.sa_sigaction = StopHandler;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigfillset(&sa.sa_mask); // nothing else runs on top of a stopped thread
  sigaction(StopSignal(), &sa, nullptr);
}

long NowNs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

// ---- A snapshot of /proc/self/maps, taken with the world stopped ----

constexpr int kMaxMaps = 1 << 16;
Mapping *g_maps; // metadata memory, sorted by address (as the kernel lists)
int g_num_maps;

void SnapshotMaps() {
  g_num_maps = 0;
  ForEachMapping([&](const Mapping &m) {
    if (g_num_maps == kMaxMaps)
      return false;
    g_maps[g_num_maps++] = m;
    return true;
  });
}

// The readable mapping holding ADDR, or NULL.
const Mapping *ReadableMappingOf(uintptr_t addr) {
  int lo = 0, hi = g_num_maps;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (g_maps[mid].end <= addr)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < g_num_maps && g_maps[lo].start <= addr && g_maps[lo].readable)
    return &g_maps[lo];
  return nullptr;
}

bool Readable(uintptr_t begin, uintptr_t end) {
  while (begin < end) {
    const Mapping *m = ReadableMappingOf(begin);
    if (!m)
      return false;
    begin = m->end;
  }
  return true;
}

// ---- Roots: the writable segments of loaded modules ----
//
// Found by walking the loader's list of modules with the world stopped,
// without dl_iterate_phdr: its lock may be held by a stopped thread, or by
// a thread waiting for a lock the core holds while it stops the world. A
// module being unloaded may already be unmapped: every range is checked
// against the maps snapshot.

struct Range {
  uintptr_t begin, end;
};
constexpr int kMaxModuleRanges = 4096;
Range *g_module_ranges; // metadata memory
int g_num_module_ranges;
struct link_map *g_main_map;  // head of the loader's list
uintptr_t g_exe_phdr, g_exe_phnum;

void AddModuleRange(uintptr_t begin, uintptr_t end) {
  while (begin < end && g_num_module_ranges < kMaxModuleRanges) {
    const Mapping *m = ReadableMappingOf(begin);
    if (!m) { // skip to the next mapping
      uintptr_t next = end;
      for (int i = 0; i < g_num_maps; i++)
        if (g_maps[i].start > begin) {
          next = g_maps[i].start;
          break;
        }
      begin = next;
      continue;
    }
    uintptr_t stop = m->end < end ? m->end : end;
    g_module_ranges[g_num_module_ranges++] = {begin, stop};
    begin = stop;
  }
}

void AddModule(uintptr_t bias, const ElfW(Phdr) *phdr, size_t phnum) {
  for (size_t i = 0; i < phnum; i++) {
    const ElfW(Phdr) &ph = phdr[i];
    if (ph.p_type == PT_LOAD && (ph.p_flags & PF_W) && ph.p_memsz)
      AddModuleRange(bias + ph.p_vaddr, bias + ph.p_vaddr + ph.p_memsz);
  }
}

void CollectModules() {
  g_num_module_ranges = 0;
  int guard = 0;
  for (struct link_map *l = g_main_map; l && guard < 65536;
       l = l->l_next, guard++) {
    if (!Readable((uintptr_t)l, (uintptr_t)l + sizeof(*l)))
      break;
    if (l == g_main_map) {
      if (g_exe_phdr &&
          Readable(g_exe_phdr, g_exe_phdr + g_exe_phnum * sizeof(ElfW(Phdr))))
        AddModule(l->l_addr, (const ElfW(Phdr) *)g_exe_phdr, g_exe_phnum);
      continue;
    }
    // A shared object's first segment maps its ELF header at the bias.
    uintptr_t base = l->l_addr;
    if (!Readable(base, base + sizeof(ElfW(Ehdr))))
      continue;
    const ElfW(Ehdr) *eh = (const ElfW(Ehdr) *)base;
    if (eh->e_ident[EI_MAG0] != ELFMAG0 || eh->e_ident[EI_MAG1] != ELFMAG1 ||
        eh->e_ident[EI_MAG2] != ELFMAG2 || eh->e_ident[EI_MAG3] != ELFMAG3 ||
        eh->e_phentsize != sizeof(ElfW(Phdr)))
      continue;
    uintptr_t ph = base + eh->e_phoff;
    if (!Readable(ph, ph + eh->e_phnum * sizeof(ElfW(Phdr))))
      continue;
    AddModule(base, (const ElfW(Phdr) *)ph, eh->e_phnum);
  }
}

// An exited thread's TCB is a root only while its stack block is mapped
// (tryjoin/timedjoin are not intercepted; the cache may have freed it).
void ValidateDeadSlots() {
  for (int i = 0; i < g_num_slots; i++) {
    ThreadSlot &s = g_slots[i];
    if (s.state == kDead)
      s.stop_state = Readable(s.tp, s.tp + kTcbSize) ? kRunning : kGone;
  }
}

void Emit(kmemsan_root_fn cb, void *arg, uintptr_t begin, uintptr_t end) {
  begin = AlignUp(begin);
  end = AlignDown(end);
  if (begin < end)
    cb(begin, end, arg);
}

// The calling thread: from where the platform entered the core (or from
// here) to the top of its stack.
__attribute__((noinline)) void EmitCurrentThread(kmemsan_root_fn cb, void *arg,
                                                 ThreadSlot *self) {
  uintptr_t spill[6];
  __asm__ volatile("mov %%rbx, 0(%0)\n\t"
                   "mov %%rbp, 8(%0)\n\t"
                   "mov %%r12, 16(%0)\n\t"
                   "mov %%r13, 24(%0)\n\t"
                   "mov %%r14, 32(%0)\n\t"
                   "mov %%r15, 40(%0)"
                   :
                   : "r"(spill)
                   : "memory");
  uintptr_t lo = t_root_sp ? t_root_sp : (uintptr_t)spill;
  if (!t_root_sp)
    Emit(cb, arg, (uintptr_t)spill, (uintptr_t)(spill + 6));
  ThreadSlot desc;
  if (!self) { // not registered (an exiting thread): look it up now
    RawMemset(&desc, 0, sizeof(desc));
    DescribeCurrentThread(&desc);
    self = &desc;
  }
  uintptr_t hi = self->stack_hi;
  stack_t ss;
  if ((lo < self->stack_lo || lo >= hi) && sigaltstack(nullptr, &ss) == 0 &&
      (ss.ss_flags & SS_ONSTACK)) {
    // On an alternate signal stack: it, and the whole thread stack.
    Emit(cb, arg, lo, (uintptr_t)ss.ss_sp + ss.ss_size);
    Emit(cb, arg, self->stack_lo, hi);
  } else {
    Emit(cb, arg, lo, hi); // the main thread's stack may have grown down
  }
  if (self->tls_hi)
    Emit(cb, arg, self->tls_lo, self->tls_hi);
  __asm__ volatile("" : : "r"(spill) : "memory");
}

void EmitOtherThread(kmemsan_root_fn cb, void *arg, ThreadSlot &s) {
  switch (s.stop_state) {
  case kStopped:
    Emit(cb, arg, (uintptr_t)s.regs, (uintptr_t)(s.regs + NGREG));
    if (s.on_altstack) {
      Emit(cb, arg, s.sp, s.alt_hi);
      Emit(cb, arg, s.stack_lo, s.stack_hi);
    } else {
      Emit(cb, arg, s.sp, s.stack_hi);
    }
    break;
  case kUnstoppable: // no registers: at least the whole stack
    Emit(cb, arg, s.stack_lo, s.stack_hi);
    break;
  default: // gone
    return;
  }
  if (s.tls_hi)
    Emit(cb, arg, s.tls_lo, s.tls_hi);
}

// ---- The heap range and the directory ----

void DieMapping(const char *what) {
  WriteStderr(what);
  _exit(1);
}

// Runs the core (FN) with this frame as the limit of the caller's stack:
// the callee-saved registers hold the caller's values here, so with them
// spilled into this frame, [spill, top of stack) is all the program holds.
// Not a tail call: the frame must outlive FN.
__attribute__((noinline, disable_tail_calls)) void RunAtRootSp(void (*fn)(void)) {
  uintptr_t spill[6];
  __asm__ volatile("mov %%rbx, 0(%0)\n\t"
                   "mov %%rbp, 8(%0)\n\t"
                   "mov %%r12, 16(%0)\n\t"
                   "mov %%r13, 24(%0)\n\t"
                   "mov %%r14, 32(%0)\n\t"
                   "mov %%r15, 40(%0)"
                   :
                   : "r"(spill)
                   : "memory");
  uintptr_t saved = t_root_sp;
  if (!saved)
    t_root_sp = (uintptr_t)spill;
  fn();
  t_root_sp = saved;
  __asm__ volatile("" : : "r"(spill) : "memory");
}

// The exit pass: registered from .preinit_array with __cxa_atexit, so it runs
// after main returns or exit() is called, after the program's own exit
// handlers and static destructors, before shared libraries' destructors.
void AtExit(void *) {
  if (InRuntime() || t_klsan_busy || !KlsanOn())
    return;
  RunAtRootSp(kmemsan_klsan_at_exit);
}

// The dynamic loader's code: what it allocates (module lists, each thread's
// DTV) is held where no root reaches (its own mmap'd memory, the TCBs of
// cached thread stacks), so, as LeakSanitizer does, it is never reported.
void FindLinker() {
  uintptr_t base = getauxval(AT_BASE);
  if (!base)
    return;
  const ElfW(Ehdr) *eh = (const ElfW(Ehdr) *)base;
  if (eh->e_ident[EI_MAG0] != ELFMAG0 || eh->e_ident[EI_MAG1] != ELFMAG1)
    return;
  const ElfW(Phdr) *ph = (const ElfW(Phdr) *)(base + eh->e_phoff);
  uintptr_t lo = ~(uintptr_t)0, hi = 0;
  for (int i = 0; i < eh->e_phnum; i++)
    if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_X)) {
      uintptr_t b = base + ph[i].p_vaddr, e = b + ph[i].p_memsz;
      lo = b < lo ? b : lo;
      hi = e > hi ? e : hi;
    }
  if (lo < hi) {
    g_linker_text_start = lo;
    g_linker_text_size = hi - lo;
  }
}

} // namespace

void KlsanSetHeapRange(uintptr_t start, uintptr_t slab_end, uintptr_t end) {
  (void)slab_end;
  g_heap_start = start;
  g_heap_end = end;
  __atomic_store_n(&__kmemsan_klsan_heap_start, start, __ATOMIC_RELAXED);
  __atomic_store_n(&__kmemsan_klsan_heap_end, end, __ATOMIC_RELEASE);
}

void KlsanMapDirectory() {
  void *p = mmap((void *)KMEMSAN_KLSAN_DIRECTORY, KMEMSAN_KLSAN_DIRECTORY_SIZE,
                 PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
                     MAP_FIXED_NOREPLACE,
                 -1, 0);
  if (p != MAP_FAILED && p != (void *)KMEMSAN_KLSAN_DIRECTORY) {
    munmap(p, KMEMSAN_KLSAN_DIRECTORY_SIZE);
    p = MAP_FAILED;
  }
  if (p == MAP_FAILED)
    DieMapping("kmemsan: cannot map the KLSan tag directory at "
               "[0x500000000000, 0x500020000000); is something else mapped "
               "there, or is 'ulimit -v' set?\n");
}

void KlsanThreadsInit() {
  g_slots = (ThreadSlot *)MapAnonymous(kMaxThreads * sizeof(ThreadSlot), 0);
  g_module_ranges =
      (Range *)MapAnonymous(kMaxModuleRanges * sizeof(Range), 0);
  g_maps = (Mapping *)MapAnonymous(kMaxMaps * sizeof(Mapping), 0);
  if (!g_slots || !g_module_ranges || !g_maps)
    DieMapping("kmemsan: cannot map the KLSan thread registry\n");
  FindLinker();
  InstallStopHandler();
  LockGuard guard(g_registry_lock);
  ThreadSlot *s = AllocSlotLocked();
  ClearSlot(s, kLive);
  DescribeCurrentThread(s);
  s->detached = 1; // the main thread is never joined
  t_slot = s;
}

void KlsanPreinit() {
  g_have_exit_key = pthread_key_create(&g_exit_key, ThreadExitDestructor) == 0;
  // glibc's static TLS size (the TCB included), for the main thread's block.
  typedef void (*TlsInfoFn)(size_t *, size_t *);
  TlsInfoFn info = (TlsInfoFn)dlsym(RTLD_DEFAULT, "_dl_get_tls_static_info");
  if (info) {
    size_t size = 0, align = 0;
    info(&size, &align);
    if (size)
      g_static_tls_size = size;
    if (g_slots) {
      LockGuard guard(g_registry_lock);
      if (t_slot)
        DescribeCurrentThread(t_slot);
    }
  }
  // The head of the loader's module list (the program itself).
  g_exe_phdr = getauxval(AT_PHDR);
  g_exe_phnum = getauxval(AT_PHNUM);
  void *self = dlopen(nullptr, RTLD_LAZY | RTLD_NOLOAD);
  if (self)
    g_main_map = (struct link_map *)self;
  __cxa_atexit(AtExit, nullptr, nullptr);
}

void KlsanResetAfterFork() {
  if (!g_slots)
    return;
  // Only the forking thread exists in the child.
  g_registry_lock.Unlock();
  ThreadSlot *self = t_slot;
  for (int i = 0; i < g_num_slots; i++)
    if (&g_slots[i] != self)
      ClearSlot(&g_slots[i], kFree);
  if (self) {
    self->tid = (int)Gettid();
    self->detached = 1;
  }
  g_stop_depth = 0;
  g_stop_owner = 0;
  g_world_stopped = 0;
}

void KlsanSafepointSlow() { RunAtRootSp(kmemsan_klsan_safepoint); }

} // namespace kmemsan::hosted

using namespace kmemsan::hosted;

extern "C" {

/* ---- Thread interceptors ---- */

int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
                   void *(*fn)(void *), void *arg) {
  typedef int (*CreateFn)(pthread_t *, const pthread_attr_t *,
                          void *(*)(void *), void *);
  static CreateFn real;
  if (!real)
    real = (CreateFn)dlsym(RTLD_NEXT, "pthread_create");
  if (!real)
    return EAGAIN;
  EnsureStarted();
  ThreadSlot *s = nullptr;
  if (g_slots) {
    LockGuard guard(g_registry_lock);
    s = AllocSlotLocked();
    if (s) {
      ClearSlot(s, kStarting);
      s->fn = fn;
      s->arg = arg;
      int detach = PTHREAD_CREATE_JOINABLE;
      if (attr)
        pthread_attr_getdetachstate(attr, &detach);
      s->detached = detach == PTHREAD_CREATE_DETACHED;
    }
  }
  if (!s) // no room: the thread runs unregistered
    return real(thread, attr, fn, arg);
  int r = real(thread, attr, ThreadStart, s);
  if (r != 0) {
    LockGuard guard(g_registry_lock);
    ClearSlot(s, kFree);
  }
  return r;
}

int pthread_join(pthread_t thread, void **retval) {
  typedef int (*JoinFn)(pthread_t, void **);
  static JoinFn real;
  if (!real)
    real = (JoinFn)dlsym(RTLD_NEXT, "pthread_join");
  if (!real)
    return ESRCH;
  int r = real(thread, retval);
  if (r == 0 && g_slots) {
    LockGuard guard(g_registry_lock);
    for (int i = 0; i < g_num_slots; i++)
      if (g_slots[i].state == kDead && g_slots[i].tp == (uintptr_t)thread)
        ClearSlot(&g_slots[i], kFree);
  }
  return r;
}

int pthread_detach(pthread_t thread) {
  typedef int (*DetachFn)(pthread_t);
  static DetachFn real;
  if (!real)
    real = (DetachFn)dlsym(RTLD_NEXT, "pthread_detach");
  if (!real)
    return ESRCH;
  if (g_slots) {
    // Before the real call: a dead thread's TCB may be freed by it.
    LockGuard guard(g_registry_lock);
    for (int i = 0; i < g_num_slots; i++) {
      ThreadSlot &s = g_slots[i];
      if (s.tp != (uintptr_t)thread)
        continue;
      if (s.state == kDead)
        ClearSlot(&s, kFree);
      else if (s.state == kLive)
        s.detached = 1;
    }
  }
  return real(thread);
}

// The stop signal must stay deliverable: it is taken out of every mask a
// thread installs. (As glibc's own does for its internal signals.)
int pthread_sigmask(int how, const sigset_t *set, sigset_t *old) {
  sigset_t copy;
  if (set && how != SIG_UNBLOCK) {
    RawMemcpy(&copy, set, sizeof(copy));
    sigdelset(&copy, StopSignal());
    sigdelset(&copy, 32); // glibc's SIGCANCEL
    sigdelset(&copy, 33); // glibc's SIGSETXID
    set = &copy;
  }
  long r = syscall(SYS_rt_sigprocmask, how, set, old, 8);
  return r == 0 ? 0 : errno;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old) {
  int err = pthread_sigmask(how, set, old);
  if (err) {
    errno = err;
    return -1;
  }
  return 0;
}

/* ---- The platform interface ---- */

void kmemsan_platform_stop_world(void) {
  int self = (int)Gettid();
  if (__atomic_load_n(&g_stop_depth, __ATOMIC_ACQUIRE) > 0 &&
      __atomic_load_n(&g_stop_owner, __ATOMIC_RELAXED) == self) {
    g_stop_depth++;
    return;
  }
  t_klsan_busy++;
  g_registry_lock.Lock();
  g_stop_owner = self;
  __atomic_store_n(&g_stop_depth, 1, __ATOMIC_RELEASE);

  if (!g_slots)
    return;
  __atomic_store_n(&g_acks, 0, __ATOMIC_SEQ_CST);
  __atomic_store_n(&g_world_stopped, 1, __ATOMIC_SEQ_CST);
  unsigned expected = 0;
  int pid = getpid();
  for (int i = 0; i < g_num_slots; i++) {
    ThreadSlot &s = g_slots[i];
    if (s.state != kLive || s.tid == self) {
      s.stop_state = kRunning;
      continue;
    }
    __atomic_store_n(&s.stop_state, kSignalled, __ATOMIC_SEQ_CST);
    if (syscall(SYS_tgkill, pid, s.tid, StopSignal()) == 0)
      expected++;
    else
      s.stop_state = kGone;
  }
  long deadline = NowNs() + kStopTimeoutNs;
  for (;;) {
    unsigned acks = __atomic_load_n(&g_acks, __ATOMIC_SEQ_CST);
    if (acks >= expected)
      break;
    long left = deadline - NowNs();
    if (left <= 0)
      break;
    struct timespec ts = {0, left < 10000000L ? left : 10000000L};
    Futex(&g_acks, FUTEX_WAIT, acks, &ts);
  }
  for (int i = 0; i < g_num_slots; i++) {
    ThreadSlot &s = g_slots[i];
    int expected_state = kSignalled;
    __atomic_compare_exchange_n(&s.stop_state, &expected_state, kUnstoppable,
                                false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  }
  // Everything that could map or unmap is stopped now.
  SnapshotMaps();
  ValidateDeadSlots();
  CollectModules();
}

void kmemsan_platform_resume_world(void) {
  if (__atomic_load_n(&g_stop_depth, __ATOMIC_ACQUIRE) > 1) {
    g_stop_depth--;
    return;
  }
  if (g_slots) {
    for (int i = 0; i < g_num_slots; i++)
      if (g_slots[i].state == kLive)
        __atomic_store_n(&g_slots[i].stop_state, kRunning, __ATOMIC_RELAXED);
    __atomic_store_n(&g_world_stopped, 0, __ATOMIC_SEQ_CST);
    __atomic_fetch_add(&g_resume_seq, 1, __ATOMIC_SEQ_CST);
    Futex(&g_resume_seq, FUTEX_WAKE, 0x7fffffff, nullptr);
  }
  g_stop_owner = 0;
  __atomic_store_n(&g_stop_depth, 0, __ATOMIC_RELEASE);
  g_registry_lock.Unlock();
  t_klsan_busy--;
}

void kmemsan_platform_for_each_root(kmemsan_root_fn cb, void *arg) {
  int self = (int)Gettid();
  ThreadSlot *me = t_slot;
  if (me && me->tid != self)
    me = nullptr;
  EmitCurrentThread(cb, arg, me);
  for (int i = 0; g_slots && i < g_num_slots; i++) {
    ThreadSlot &s = g_slots[i];
    switch (s.state) {
    case kStarting:
      Emit(cb, arg, (uintptr_t)&s.arg, (uintptr_t)(&s.arg + 1));
      break;
    case kLive:
      Emit(cb, arg, (uintptr_t)&s.retval, (uintptr_t)(&s.retval + 1));
      if (&s != me && s.tid != self)
        EmitOtherThread(cb, arg, s);
      break;
    case kDead:
      Emit(cb, arg, (uintptr_t)&s.retval, (uintptr_t)(&s.retval + 1));
      if (s.stop_state != kGone) { // its TCB: the return value, the DTV
        uintptr_t lo = s.tp > g_static_tls_size ? s.tp - g_static_tls_size : 0;
        Emit(cb, arg, lo > s.stack_lo ? lo : s.stack_lo, s.stack_hi);
      }
      break;
    }
  }
  for (int i = 0; i < g_num_module_ranges; i++)
    Emit(cb, arg, g_module_ranges[i].begin, g_module_ranges[i].end);
}

} // extern "C"
