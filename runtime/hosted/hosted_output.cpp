// Where reports go, how the program stops, and where options come from.
//
// log_path=PATH writes reports to PATH.PID (like ASan, so that a forked child
// or several processes never share one file); log_path=stderr and
// log_path=stdout name those streams. A file that cannot be opened is
// reported once on stderr and reports then go to stderr.
//
// halt_on_error stops the process with _exit(1): exit code 1, no atexit
// handlers and no stdio flush of the program's buffers (those may be what a
// bad write just corrupted), so tests can use `not`.

#include "hosted.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

extern char **environ;

namespace kmemsan::hosted {

namespace {

SpinLock g_log_lock;
int g_log_fd = -1;   // -1: not decided yet
pid_t g_log_pid = 0; // the process the log file was opened for

// Opens the log file named by log_path for this process, or returns 2.
int OpenLogFd() {
  const char *path = kmemsan_option_string("log_path");
  if (!path || !path[0] || !RawStrcmp(path, "stderr"))
    return 2;
  if (!RawStrcmp(path, "stdout"))
    return 1;
  char full[4096 + 24];
  char *p = AppendStr(full, full + sizeof(full), path);
  p = AppendStr(p, full + sizeof(full), ".");
  AppendDec(p, full + sizeof(full), (uintptr_t)getpid());
  int fd =
      open(full, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    char msg[4096 + 200];
    char *m = AppendStr(msg, msg + sizeof(msg),
                        "kmemsan: cannot open the log file '");
    m = AppendStr(m, msg + sizeof(msg), full);
    m = AppendStr(m, msg + sizeof(msg), "': ");
    m = AppendStr(m, msg + sizeof(msg), ErrnoText(errno));
    AppendStr(m, msg + sizeof(msg), "; writing reports to stderr\n");
    WriteStderr(msg);
    return 2;
  }
  return fd;
}

int LogFd() {
  if (!g_core_ready)
    return 2; // the options are not parsed yet (or are being reported as bad)
  pid_t pid = getpid();
  LockGuard guard(g_log_lock);
  if (g_log_fd < 0 || g_log_pid != pid) {
    if (g_log_fd > 2 && g_log_pid != pid)
      close(g_log_fd); // the parent's file, inherited across fork
    g_log_fd = OpenLogFd();
    g_log_pid = pid;
  }
  return g_log_fd;
}

} // namespace

char **g_startup_envp;

// libc sets environ in its own initialiser, which runs after the program's
// .preinit_array (and after any allocation the dynamic loader makes), so
// start-up uses the envp handed to .preinit_array or /proc/self/environ.
const char *GetEnv(const char *name) {
  if (environ)
    return getenv(name);
  size_t len = RawStrlen(name);
  if (g_startup_envp) {
    for (char **e = g_startup_envp; *e; e++)
      if (!RawStrncmp(*e, name, len) && (*e)[len] == '=')
        return *e + len + 1;
    return nullptr;
  }
  // Entries are NUL-separated; keep the value of NAME in a static buffer.
  static char value[4096];
  int fd = open("/proc/self/environ", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return nullptr;
  char buf[4096];
  size_t pos = 0; // position within the current entry
  size_t out = 0; // bytes of value copied
  bool matching = true, copying = false, found = false;
  for (;;) {
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n <= 0)
      break;
    for (ssize_t i = 0; i < n; i++) {
      char c = buf[i];
      if (c == 0) {
        if (copying) {
          found = true;
          break;
        }
        pos = 0;
        matching = true;
        continue;
      }
      if (copying) {
        if (out + 1 < sizeof(value))
          value[out++] = c;
      } else if (matching) {
        if (pos < len && c == name[pos])
          pos++;
        else if (pos == len && c == '=')
          copying = true;
        else
          matching = false;
      }
    }
    if (found)
      break;
  }
  close(fd);
  if (!found && !copying)
    return nullptr;
  value[out] = 0;
  return value;
}

} // namespace kmemsan::hosted

using namespace kmemsan::hosted;

extern "C" {

void kmemsan_platform_write(const char *buf, size_t len) {
  int fd = LogFd();
  while (len > 0) {
    ssize_t n = write(fd, buf, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return;
    buf += n;
    len -= (size_t)n;
  }
}

void kmemsan_platform_halt(void) { _exit(1); }

const char *kmemsan_platform_options(void) { return GetEnv("KMEMSAN_OPTIONS"); }

void kmemsan_platform_report_done(const char *bug_type) {}

} // extern "C"
