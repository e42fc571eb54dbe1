// The report printer's pieces shared by report.cpp (what every report has)
// and report_generic.cpp (what only generic KASan adds: bug types, stack
// frames). Used while the report lock is held.
#ifndef KMEMSAN_REPORT_H
#define KMEMSAN_REPORT_H

#include <stddef.h>
#include <stdint.h>

struct kmemsan_track;

namespace kmemsan {

// Prints one line of a report (the newline is added).
void report_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

// "func+0xoff/0xsize" for PC, with " (file:line)" when WITH_LOCATION and
// the platform knows it. Always NUL-terminated.
void symbolize(uintptr_t pc, bool with_location, char *buf, size_t size);

// The pieces another detector's reports share (KLSan's printer):
// report_begin() takes the report lock and applies multi_shot and
// report_limit (false: this report is not printed), then prints the rule;
// report_finish() prints the closing rule, tells the platform the report is
// done and unlocks. Neither leaves the guard or halts; the caller does.
bool report_begin();
void report_finish(const char *bug_type);
// The frames PCS[0..N), one per line, symbolized.
void report_stack(const uintptr_t *pcs, size_t n);
// "WHAT by task N:", its stack (or "(stack is not available)") and a blank.
void report_track(const char *what, const struct kmemsan_track &track);

// "The buggy address belongs to stack of task ..." and the frame's objects.
void describe_stack_address(uintptr_t addr);

} // namespace kmemsan

#endif // KMEMSAN_REPORT_H
