// What the process prints when it faults, in the shape of a kernel oops: a
// wild pointer that an inline check (or the access itself) runs into has
// no shadow to test, so the hardware stops it. As the kernel's KASAN does
// for a general protection fault, the shadow address that faulted is turned
// back into the range the program tried to reach ("maybe wild-memory-access
// in range [...]"). Then the interrupted code's stack, and exit code 1.
//
// The handler is installed at start-up only when the program has none, and
// a handler the program installs later replaces it.

#include "hosted.h"

#include <signal.h>
#include <ucontext.h>
#include <unistd.h>

namespace kmemsan::hosted {

namespace {

constexpr uintptr_t kShadowStart = KMEMSAN_SHADOW_OFFSET;
constexpr uintptr_t kShadowEnd = KMEMSAN_SHADOW_OFFSET + (1UL << 44);
constexpr size_t kLine = 512;

void Line(const char *s) {
  char buf[kLine];
  char *p = AppendStr(buf, buf + sizeof(buf), s);
  p = AppendStr(p, buf + sizeof(buf), "\n");
  kmemsan_platform_write(buf, (size_t)(p - buf));
}

void AddrLine(const char *what, uintptr_t a, const char *mid, uintptr_t b,
              const char *end) {
  char buf[kLine];
  char *p = AppendStr(buf, buf + sizeof(buf), what);
  p = AppendStr(p, buf + sizeof(buf), "0x");
  p = AppendHex(p, buf + sizeof(buf), a);
  if (mid) {
    p = AppendStr(p, buf + sizeof(buf), mid);
    p = AppendStr(p, buf + sizeof(buf), "0x");
    p = AppendHex(p, buf + sizeof(buf), b);
  }
  AppendStr(p, buf + sizeof(buf), end);
  Line(buf);
}

void FrameLine(const char *prefix, uintptr_t pc, bool is_return_address) {
  char sym[384], buf[kLine];
  long symbolize = g_core_ready ? kmemsan_option_int("symbolize") : 0;
  // The faulting instruction itself is not a return address: look up pc + 1
  // so that the symbolizer's pc - 1 lands on it.
  kmemsan_platform_symbolize(is_return_address ? pc : pc + 1, symbolize > 0,
                             sym, sizeof(sym));
  if (!sym[0]) {
    char *p = AppendStr(sym, sym + sizeof(sym), "0x");
    AppendHex(p, sym + sizeof(sym), pc);
  }
  char *p = AppendStr(buf, buf + sizeof(buf), prefix);
  AppendStr(p, buf + sizeof(buf), sym);
  Line(buf);
}

void OnFault(int sig, siginfo_t *info, void *context) {
  kmemsan_platform_enter(); // whatever happens now, no checks and no reports
  const ucontext_t *uc = (const ucontext_t *)context;
  uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
  uintptr_t fp = (uintptr_t)uc->uc_mcontext.gregs[REG_RBP];
  uintptr_t sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
  uintptr_t addr = (uintptr_t)info->si_addr;

  Line("==================================================================");
  if (info->si_code == SI_KERNEL) {
    // A non-canonical address: the CPU does not say which.
    Line("general protection fault, probably for non-canonical address: 0000 "
         "[#1] KMEMSAN");
    Line("KASAN: maybe wild-memory-access (a non-canonical address)");
  } else if (addr >= kShadowEnd && addr < kShadowEnd + (1UL << 44)) {
    // The shadow of an address beyond user space, read by an inline check.
    uintptr_t wild = (addr - kShadowStart) << KMEMSAN_GRANULE_SHIFT;
    AddrLine("general protection fault, probably for non-canonical address ",
             addr, nullptr, 0, ": 0000 [#1] KMEMSAN");
    AddrLine("KASAN: maybe wild-memory-access in range [", wild, "-",
             wild + KMEMSAN_GRANULE_SIZE - 1, "]");
  } else if (addr < 4096) {
    AddrLine("BUG: NULL pointer dereference, address: ", addr, nullptr, 0, "");
  } else {
    AddrLine("BUG: unable to handle page fault for address: ", addr, nullptr, 0,
             "");
  }
  char task[32] = {0};
  kmemsan_platform_task_name(task, sizeof(task));
  char buf[kLine];
  char *p = AppendStr(buf, buf + sizeof(buf), "task: ");
  p = AppendStr(p, buf + sizeof(buf), task);
  p = AppendStr(p, buf + sizeof(buf), "/");
  AppendDec(p, buf + sizeof(buf), kmemsan_platform_task_id());
  Line(buf);
  FrameLine("RIP: ", pc, false);
  Line("Call Trace:");
  uintptr_t pcs[64];
  size_t n = UnwindFrom(fp, sp, pcs, 64);
  for (size_t i = 0; i < n; i++)
    FrameLine(" ", pcs[i], true);
  Line("==================================================================");
  kmemsan_platform_halt();
}

} // namespace

void InstallFaultHandler() {
  struct sigaction old;
  if (sigaction(SIGSEGV, nullptr, &old) != 0 || old.sa_handler != SIG_DFL ||
      (old.sa_flags & SA_SIGINFO))
    return;
  struct sigaction sa;
  RawMemset(&sa, 0, sizeof(sa));
  sa.sa_sigaction = OnFault;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, nullptr);
}

} // namespace kmemsan::hosted
