// The KLSan report printer (docs/KLSAN.md, "Report format"): one report per
// leaked object, or one per group of leaks with the same allocation and
// drop stacks when klsan_fold=1. It shares the rule lines, the report lock,
// report_limit and the stack printing with KASan's reports (report.cpp).
#include "klsan.h"

#include "format.h"
#include "options.h"
#include "report.h"
#include "stack_depot.h"

namespace kmemsan {
namespace {

constexpr size_t kSymbolSize = 256;
constexpr size_t kLineSize = 512;
constexpr size_t kPageSize = 4096;
constexpr const char *kBugType = "memory leak";

// "func" for PC: the symbol without its offset and size.
void function_name(uintptr_t pc, char *buf, size_t size) {
  symbolize(pc, false, buf, size);
  for (char *c = buf; *c; c++) {
    if (*c == '+' && c != buf) {
      *c = '\0';
      break;
    }
  }
}

uintptr_t first_frame(uint32_t stack) {
  const uintptr_t *pcs;
  return stack && depot_get(stack, &pcs) ? pcs[0] : 0;
}

// The task that made the drop, as "name/id".
void print_drop_line(const char *what, const Drop &d) {
  report_line("%s by task %s/%u", what, d.task, d.task_id);
}

// How the last outside reference of a cycle was lost, in the words of the
// cause line (" the last outside reference was ... by task ...").
void print_cycle_cause(const Drop &d) {
  char buf[kLineSize];
  char name[kSymbolSize];
  switch (d.cause) {
  case kDropOverwritten:
    format(buf, sizeof(buf),
           " the last outside reference was overwritten at addr %p",
           reinterpret_cast<void *>(d.where));
    break;
  case kDropHolderFreed:
    format(buf, sizeof(buf),
           " the last outside reference was dropped when its holder at %p "
           "was freed",
           reinterpret_cast<void *>(d.where));
    break;
  case kDropOutOfScope:
    function_name(d.where, name, sizeof(name));
    format(buf, sizeof(buf),
           " the last outside reference went out of scope when %s returned",
           name);
    break;
  default:
    format(buf, sizeof(buf), " the last outside reference was not seen");
    break;
  }
  print_drop_line(buf, d);
}

void print_cause(const LeakReport &r) {
  char lead[128];
  char name[kSymbolSize];
  format(lead, sizeof(lead), "Last reference to %zu-byte object at %p", r.size,
         reinterpret_cast<void *>(r.start));
  const Drop &d = r.drop;
  if (r.kind == kLeakCycle) {
    report_line("%s is held only by a cycle of %u objects", lead, r.cycle_size);
    print_cycle_cause(d);
    return;
  }
  if (r.kind == kLeakUnseen) {
    // Nothing saw the object lose its last reference: name the task that
    // found it.
    Drop finder;
    internal_memset(&finder, 0, sizeof(finder));
    kmemsan_platform_task_name(finder.task, sizeof(finder.task));
    finder.task[sizeof(finder.task) - 1] = '\0';
    finder.task_id = kmemsan_platform_task_id();
    report_line("%s is unreachable at exit", lead);
    print_drop_line(" where it was lost was not seen; found", finder);
    return;
  }
  switch (d.cause) {
  case kDropOverwritten:
    report_line("%s was overwritten", lead);
    report_line(" at addr %p by task %s/%u", reinterpret_cast<void *>(d.where),
                d.task, d.task_id);
    break;
  case kDropHolderFreed:
    report_line("%s was dropped when its holder at %p was freed", lead,
                reinterpret_cast<void *>(d.where));
    print_drop_line("", d);
    break;
  case kDropOutOfScope:
    function_name(d.where, name, sizeof(name));
    report_line("%s went out of scope when %s returned", lead, name);
    print_drop_line("", d);
    break;
  default:
    function_name(d.where ? d.where : first_frame(r.alloc.stack), name,
                  sizeof(name));
    report_line("%s was never stored; last seen in %s", lead, name);
    print_drop_line("", d);
    break;
  }
}

void print_object(const LeakReport &r) {
  switch (r.object_kind) {
  case KMEMSAN_OBJECT_PAGE:
    report_line("The object belongs to the page allocator (order %u)",
                r.page_order);
    break;
  case KMEMSAN_OBJECT_VMALLOC:
    report_line("The object is a vmalloc area of %zu pages",
                (r.object_size + kPageSize - 1) / kPageSize);
    break;
  default:
    report_line("The object belongs to the cache %s of size %zu",
                r.cache_name ? r.cache_name : "(unknown)", r.object_size);
    break;
  }
}

void print_dump(const LeakReport &r) {
  report_line("hex dump (first %u bytes):", r.dump_len);
  for (uint32_t i = 0; i < r.dump_len; i += 16) {
    char line[kLineSize];
    size_t len = format(line, sizeof(line), " ");
    for (uint32_t j = i; j < r.dump_len && j < i + 16; j++)
      len += format(line + len, sizeof(line) - len, " %02x", r.dump[j]);
    report_line("%s", line);
  }
}

// The stack the title and the Call Trace come from.
uint32_t drop_stack(const LeakReport &r) {
  return r.kind == kLeakUnseen ? 0 : r.drop.stack;
}

bool print_leak(const LeakReport &r, bool at_exit) {
  uint32_t stack = drop_stack(r);
  uintptr_t title_pc = first_frame(stack);
  if (!title_pc)
    title_pc = first_frame(r.alloc.stack);
  char title[kSymbolSize];
  if (title_pc)
    symbolize(title_pc, false, title, sizeof(title));
  else
    format(title, sizeof(title), "(unknown)");
  if (!report_begin())
    return false;
  report_line("BUG: KLSAN: memory leak in %s%s", title,
              at_exit ? " (found at exit)" : "");
  print_cause(r);
  if (r.folded > 1)
    report_line(
        "Leaked %u objects like this one (same allocation and drop stacks)",
        r.folded);
  report_line("Call Trace:");
  const uintptr_t *pcs;
  size_t n = stack ? depot_get(stack, &pcs) : 0;
  if (n)
    report_stack(pcs, n);
  else
    report_line("(stack is not available)");
  report_line("");
  report_track("Allocated", r.alloc);
  print_object(r);
  if (r.indirect_count)
    report_line("Also lost with it: %u object%s, %lu bytes (indirect)",
                r.indirect_count, r.indirect_count == 1 ? "" : "s",
                static_cast<unsigned long>(r.indirect_bytes));
  print_dump(r);
  report_finish(kBugType);
  return true;
}

bool same_leak(const LeakReport &a, const LeakReport &b) {
  return a.kind == b.kind && a.alloc.stack && a.alloc.stack == b.alloc.stack &&
         a.drop.stack == b.drop.stack && a.drop.cause == b.drop.cause &&
         a.never_stored == b.never_stored;
}

// Folds leaks with the same allocation and drop stacks into the first one.
size_t fold(LeakReport *reports, size_t n) {
  size_t out = 0;
  for (size_t i = 0; i < n; i++) {
    size_t j = 0;
    while (j < out && !same_leak(reports[j], reports[i]))
      j++;
    if (j < out) {
      reports[j].folded += reports[i].folded;
      reports[j].indirect_count += reports[i].indirect_count;
      reports[j].indirect_bytes += reports[i].indirect_bytes;
      continue;
    }
    if (out != i)
      internal_memcpy(&reports[out], &reports[i], sizeof(reports[i]));
    out++;
  }
  return out;
}

} // namespace

size_t print_leaks(LeakReport *reports, size_t n, bool at_exit) {
  if (options().klsan_fold)
    n = fold(reports, n);
  size_t printed = 0;
  for (size_t i = 0; i < n; i++) {
    if (!print_leak(reports[i], at_exit))
      break;
    printed++;
    if (options().halt_on_error)
      break;
  }
  return printed;
}

void print_explained(const Explained *e, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char fn[kSymbolSize], holder[kSymbolSize], lead[kLineSize];
    function_name(first_frame(e[i].alloc_stack), fn, sizeof(fn));
    format(lead, sizeof(lead),
           "KLSan: the %zu-byte object at %p (allocated in %s) is held by ",
           e[i].size, reinterpret_cast<void *>(e[i].start), fn[0] ? fn : "?");
    if (!e[i].word) {
      report_line("%sa word the trace read but this search did not find "
                  "again (a root traced without being listed, or the search "
                  "ran out of the confirmation's time)", lead);
    } else if (!e[i].holder_start) {
      symbolize(e[i].word, false, holder, sizeof(holder));
      report_line("%sthe word at %p, in a root%s%s", lead,
                  reinterpret_cast<void *>(e[i].word), holder[0] ? ": " : "",
                  holder);
    } else {
      function_name(first_frame(e[i].holder_alloc_stack), holder,
                    sizeof(holder));
      report_line("%sthe word at %p, in the %zu-byte object at %p "
                  "(allocated in %s)",
                  lead, reinterpret_cast<void *>(e[i].word), e[i].holder_size,
                  reinterpret_cast<void *>(e[i].holder_start),
                  holder[0] ? holder : "?");
    }
  }
}

} // namespace kmemsan
