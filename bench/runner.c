/*
 * Runs one benchmark process and reports its wall time and rusage.
 *
 *   runner RESULT_FILE PROGRAM ARGS...
 *
 * The harness starts this small program instead of the workload itself
 * because a child's ru_maxrss starts at its parent's RSS (Linux carries the
 * high-water mark over fork and exec): measured from the Python harness,
 * every peak RSS would be at least the interpreter's ~20 MiB.
 * RESULT_FILE gets "status wall_s user_s sys_s maxrss_kib".
 */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  struct timespec t0, t1;
  struct rusage ru;
  int status;

  if (argc < 3) {
    fprintf(stderr, "usage: runner RESULT_FILE PROGRAM ARGS...\n");
    return 2;
  }
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid = fork();
  if (pid == 0) {
    execv(argv[2], argv + 2);
    perror(argv[2]);
    _exit(127);
  }
  if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) {
    perror("runner");
    return 2;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  FILE *f = fopen(argv[1], "w");
  if (!f) {
    perror(argv[1]);
    return 2;
  }
  fprintf(f, "%d %.6f %.6f %.6f %ld\n",
          WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
          (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
          ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6,
          ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6, ru.ru_maxrss);
  return fclose(f) ? 2 : 0;
}
