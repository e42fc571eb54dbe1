// Symbolization for reports: "func+0xoff/0xsize" from the ELF symbol tables
// of the loaded objects, and " (file.c:LINE)" from llvm-symbolizer when it
// is installed and the option symbolize is on.
//
// Everything here runs while a report is printed, so nothing allocates:
// object files are mmap'd read-only once and their .symtab (else .dynsym)
// is scanned in place; llvm-symbolizer runs as one child process per
// process (started with vfork+execve, talked to over a socketpair so that a
// dead child gives EPIPE instead of SIGPIPE), found as
// $KMEMSAN_SYMBOLIZER_PATH, or llvm-symbolizer / llvm-symbolizer-19 on PATH, or
// /usr/lib/llvm-19/bin/llvm-symbolizer.

#include "hosted.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

namespace kmemsan::hosted {

namespace {

constexpr int kMaxModules = 256;
constexpr size_t kPathSize = 512;

struct Module {
  uintptr_t bias;   // dlpi_addr: file address + bias = run-time address
  uintptr_t lo, hi; // run-time range covered by its PT_LOAD segments
  char path[kPathSize];
  bool parsed, usable;
  const Elf64_Sym *syms;
  size_t nsyms;
  const char *strtab;
  size_t strtab_size;
};

SpinLock g_lock;
Module g_modules[kMaxModules];
int g_num_modules;

bool ModuleKnown(uintptr_t bias, uintptr_t lo) {
  for (int i = 0; i < g_num_modules; i++)
    if (g_modules[i].bias == bias && g_modules[i].lo == lo)
      return true;
  return false;
}

int AddModule(struct dl_phdr_info *info, size_t, void *) {
  uintptr_t lo = ~(uintptr_t)0, hi = 0;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) &ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD)
      continue;
    uintptr_t start = info->dlpi_addr + ph.p_vaddr;
    if (start < lo)
      lo = start;
    if (start + ph.p_memsz > hi)
      hi = start + ph.p_memsz;
  }
  if (hi == 0 || ModuleKnown(info->dlpi_addr, lo) ||
      g_num_modules == kMaxModules)
    return 0;
  Module &m = g_modules[g_num_modules];
  RawMemset(&m, 0, sizeof(m));
  m.bias = info->dlpi_addr;
  m.lo = lo;
  m.hi = hi;
  const char *name = info->dlpi_name;
  if (!name || !name[0]) {
    // The main program: its real path, for llvm-symbolizer's sake.
    ssize_t n = readlink("/proc/self/exe", m.path, sizeof(m.path) - 1);
    m.path[n > 0 ? n : 0] = 0;
  } else {
    AppendStr(m.path, m.path + sizeof(m.path), name);
  }
  g_num_modules++;
  return 0;
}

Module *FindModule(uintptr_t pc) {
  for (int pass = 0; pass < 2; pass++) {
    for (int i = 0; i < g_num_modules; i++)
      if (pc >= g_modules[i].lo && pc < g_modules[i].hi)
        return &g_modules[i];
    if (pass == 0)
      dl_iterate_phdr(AddModule, nullptr); // a library loaded since
  }
  return nullptr;
}

// Maps M's file and finds its symbol table.
void ParseModule(Module &m) {
  m.parsed = true;
  if (!m.path[0])
    return;
  int fd = open(m.path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return; // e.g. the vDSO, which has no file
  struct stat st;
  void *map = MAP_FAILED;
  if (fstat(fd, &st) == 0 && (size_t)st.st_size >= sizeof(Elf64_Ehdr))
    map = mmap(nullptr, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (map == MAP_FAILED)
    return;
  const char *base = (const char *)map;
  size_t size = (size_t)st.st_size;
  const Elf64_Ehdr *eh = (const Elf64_Ehdr *)base;
  if (RawStrncmp((const char *)eh->e_ident, ELFMAG, SELFMAG) != 0 ||
      eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_shoff == 0 ||
      eh->e_shoff + (size_t)eh->e_shnum * sizeof(Elf64_Shdr) > size) {
    munmap(map, size);
    return;
  }
  const Elf64_Shdr *sh = (const Elf64_Shdr *)(base + eh->e_shoff);
  const Elf64_Shdr *symtab = nullptr;
  static const Elf64_Word kWanted[] = {SHT_SYMTAB, SHT_DYNSYM};
  for (Elf64_Word want : kWanted) {
    for (int i = 0; i < eh->e_shnum && !symtab; i++)
      if (sh[i].sh_type == want && sh[i].sh_link < eh->e_shnum)
        symtab = &sh[i];
    if (symtab)
      break;
  }
  if (!symtab) {
    munmap(map, size);
    return;
  }
  const Elf64_Shdr *strtab = &sh[symtab->sh_link];
  if (symtab->sh_offset + symtab->sh_size > size ||
      strtab->sh_offset + strtab->sh_size > size) {
    munmap(map, size);
    return;
  }
  m.syms = (const Elf64_Sym *)(base + symtab->sh_offset);
  m.nsyms = symtab->sh_size / sizeof(Elf64_Sym);
  m.strtab = base + strtab->sh_offset;
  m.strtab_size = strtab->sh_size;
  m.usable = true;
}

// The function symbol of M containing file address ADDR, or NULL.
const Elf64_Sym *FindSymbol(const Module &m, uintptr_t addr) {
  const Elf64_Sym *best = nullptr;
  for (size_t i = 0; i < m.nsyms; i++) {
    const Elf64_Sym &s = m.syms[i];
    int type = ELF64_ST_TYPE(s.st_info);
    if ((type != STT_FUNC && type != STT_GNU_IFUNC) ||
        s.st_shndx == SHN_UNDEF || s.st_name >= m.strtab_size)
      continue;
    if (addr < s.st_value || addr - s.st_value >= (s.st_size ? s.st_size : 1))
      continue;
    // Prefer a global name over a local alias of the same code.
    if (!best || (ELF64_ST_BIND(s.st_info) == STB_GLOBAL &&
                  ELF64_ST_BIND(best->st_info) != STB_GLOBAL))
      best = &s;
  }
  return best;
}

/* ---- llvm-symbolizer as a child process ---- */

int g_sym_fd = -1;      // our end of the socketpair
pid_t g_sym_owner;      // the process that started it (fork gives a new one)
bool g_sym_unavailable; // not found, or it died: do not try again

bool Executable(const char *path) { return access(path, X_OK) == 0; }

bool FindSymbolizer(char *out, size_t size) {
  const char *env = GetEnv("KMEMSAN_SYMBOLIZER_PATH");
  if (env && env[0]) {
    AppendStr(out, out + size, env);
    return Executable(out);
  }
  const char *path = GetEnv("PATH");
  static const char *const kNames[] = {"llvm-symbolizer", "llvm-symbolizer-19"};
  for (const char *name : kNames) {
    const char *p = path;
    while (p && *p) {
      const char *colon = p;
      while (*colon && *colon != ':')
        colon++;
      size_t len = (size_t)(colon - p);
      if (len > 0 && len + 40 < size) {
        RawMemcpy(out, p, len);
        out[len] = 0;
        char *e = AppendStr(out + len, out + size, "/");
        AppendStr(e, out + size, name);
        if (Executable(out))
          return true;
      }
      p = *colon ? colon + 1 : colon;
    }
  }
  AppendStr(out, out + size, "/usr/lib/llvm-19/bin/llvm-symbolizer");
  return Executable(out);
}

bool StartSymbolizer() {
  char path[kPathSize];
  if (!FindSymbolizer(path, sizeof(path)))
    return false;
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    return false;
  int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
  char arg1[] = "--functions=none", arg2[] = "--no-inlines";
  char *argv[] = {path, arg1, arg2, nullptr};
  pid_t pid = vfork();
  if (pid == 0) {
    // The child: only dup2, execve and _exit are safe after vfork.
    dup2(sv[1], 0);
    dup2(sv[1], 1);
    if (devnull >= 0)
      dup2(devnull, 2);
    execve(path, argv, environ);
    _exit(127);
  }
  close(sv[1]);
  if (devnull >= 0)
    close(devnull);
  if (pid < 0) {
    close(sv[0]);
    return false;
  }
  g_sym_fd = sv[0];
  g_sym_owner = getpid();
  return true;
}

void StopSymbolizer() {
  if (g_sym_fd >= 0)
    close(g_sym_fd);
  g_sym_fd = -1;
}

bool SendAll(const char *buf, size_t len) {
  while (len > 0) {
    ssize_t n = send(g_sym_fd, buf, len, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    buf += n;
    len -= (size_t)n;
  }
  return true;
}

// Reads one answer (lines ending with an empty line) into BUF.
bool ReadAnswer(char *buf, size_t size) {
  size_t have = 0;
  while (have + 1 < size) {
    struct pollfd pfd = {g_sym_fd, POLLIN, 0};
    int r = poll(&pfd, 1, 10000);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      return false;
    ssize_t n = read(g_sym_fd, buf + have, size - 1 - have);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    have += (size_t)n;
    buf[have] = 0;
    if (have >= 2 && buf[have - 1] == '\n' && buf[have - 2] == '\n')
      return true;
  }
  return false;
}

// Asks for the source location of file address ADDR in MODULE; writes
// "file.c:LINE" (the file's base name) to OUT.
bool SourceLocation(const Module &m, uintptr_t addr, char *out, size_t size) {
  if (g_sym_unavailable)
    return false;
  if (g_sym_fd >= 0 && g_sym_owner != getpid())
    StopSymbolizer(); // a forked child must not share its parent's pipe
  if (g_sym_fd < 0 && !StartSymbolizer()) {
    g_sym_unavailable = true;
    return false;
  }
  char q[kPathSize + 64];
  char *p = AppendStr(q, q + sizeof(q), "CODE \"");
  p = AppendStr(p, q + sizeof(q), m.path);
  p = AppendStr(p, q + sizeof(q), "\" 0x");
  p = AppendHex(p, q + sizeof(q), addr);
  p = AppendStr(p, q + sizeof(q), "\n");
  char answer[2048];
  if (!SendAll(q, (size_t)(p - q)) || !ReadAnswer(answer, sizeof(answer))) {
    StopSymbolizer();
    g_sym_unavailable = true;
    return false;
  }
  // "path/to/file.c:LINE:COL\n\n"; "??:0:0" when unknown.
  char *line_end = answer;
  while (*line_end && *line_end != '\n')
    line_end++;
  *line_end = 0;
  char *last = nullptr, *before_last = nullptr;
  for (char *c = answer; *c; c++)
    if (*c == ':') {
      before_last = last;
      last = c;
    }
  if (!before_last)
    return false;
  *last = 0;
  *before_last = 0;
  const char *file = answer;
  for (const char *c = answer; *c; c++)
    if (*c == '/')
      file = c + 1;
  const char *line = before_last + 1;
  if (!RawStrcmp(file, "??") || !RawStrcmp(line, "0") || !line[0])
    return false;
  p = AppendStr(out, out + size, file);
  p = AppendStr(p, out + size, ":");
  AppendStr(p, out + size, line);
  return true;
}

} // namespace

} // namespace kmemsan::hosted

using namespace kmemsan::hosted;

extern "C" void kmemsan_platform_symbolize(uintptr_t pc, int with_location,
                                           char *buf, size_t size) {
  if (size == 0)
    return;
  buf[0] = 0;
  LockGuard guard(g_lock);
  Module *m = FindModule(pc - 1);
  if (!m)
    return;
  if (!m->parsed)
    ParseModule(*m);
  char *p = buf, *end = buf + size;
  // A return address is looked up at PC - 1 (the call may be the last
  // instruction of its function). The one exception is a function's own
  // address, which the core prints when it describes a stack frame.
  const Elf64_Sym *sym = nullptr;
  if (m->usable) {
    sym = FindSymbol(*m, pc - m->bias);
    if (!sym || sym->st_value != pc - m->bias)
      sym = FindSymbol(*m, pc - 1 - m->bias);
  }
  if (sym) {
    p = AppendStr(p, end, m->strtab + sym->st_name);
    p = AppendStr(p, end, "+0x");
    p = AppendHex(p, end, pc - m->bias - sym->st_value);
    p = AppendStr(p, end, "/0x");
    p = AppendHex(p, end, sym->st_size);
  } else {
    p = AppendStr(p, end, "0x");
    p = AppendHex(p, end, pc);
  }
  char loc[kPathSize];
  if (with_location && SourceLocation(*m, pc - 1 - m->bias, loc, sizeof(loc))) {
    p = AppendStr(p, end, " (");
    p = AppendStr(p, end, loc);
    AppendStr(p, end, ")");
  }
}
