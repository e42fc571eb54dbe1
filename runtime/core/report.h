// The report printer's pieces shared by report.cpp (what every report has)
// and report_generic.cpp (what only generic KASan adds: bug types, stack
// frames). Used while the report lock is held.
#ifndef KMEMSAN_REPORT_H
#define KMEMSAN_REPORT_H

#include <stddef.h>
#include <stdint.h>

namespace kmemsan {

// Prints one line of a report (the newline is added).
void report_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

// "func+0xoff/0xsize" for PC, with " (file:line)" when WITH_LOCATION and
// the platform knows it. Always NUL-terminated.
void symbolize(uintptr_t pc, bool with_location, char *buf, size_t size);

// "The buggy address belongs to stack of task ..." and the frame's objects.
void describe_stack_address(uintptr_t addr);

} // namespace kmemsan

#endif // KMEMSAN_REPORT_H
