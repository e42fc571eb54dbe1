// Option parsing, defaults and help, all generated from options.def.
#include "options.h"

#include "format.h"
#include "freestanding.h"
#include "kmemsan_core.h"
#include "kmemsan_platform.h"

namespace kmemsan {
namespace {

Options g_options;

void write_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void write_line(const char *fmt, ...) {
  char buf[512];
  __builtin_va_list ap;
  __builtin_va_start(ap, fmt);
  size_t n = vformat(buf, sizeof(buf) - 1, fmt, ap);
  __builtin_va_end(ap);
  if (n > sizeof(buf) - 2)
    n = sizeof(buf) - 2;
  buf[n] = '\n';
  kmemsan_platform_write(buf, n + 1);
}

bool is_separator(char c) {
  return c == ':' || c == ',' || c == ' ' || c == '\t' || c == '\n' ||
         c == '\r';
}

// Option values are parsed by type; each returns false for a bad value.
bool parse_value(OptionBool *out, const char *v, size_t n) {
  if (internal_streq_n(v, n, "1") || internal_streq_n(v, n, "true") ||
      internal_streq_n(v, n, "yes")) {
    *out = true;
    return true;
  }
  if (internal_streq_n(v, n, "0") || internal_streq_n(v, n, "false") ||
      internal_streq_n(v, n, "no")) {
    *out = false;
    return true;
  }
  return false;
}

bool parse_unsigned(const char *v, size_t n, unsigned long *out) {
  if (n == 0)
    return false;
  unsigned long x = 0;
  for (size_t i = 0; i < n; i++) {
    if (v[i] < '0' || v[i] > '9')
      return false;
    unsigned long d = static_cast<unsigned long>(v[i] - '0');
    if (x > (~0UL - d) / 10)
      return false; // overflow
    x = x * 10 + d;
  }
  *out = x;
  return true;
}

bool parse_value(OptionInt *out, const char *v, size_t n) {
  bool negative = n > 0 && v[0] == '-';
  unsigned long x;
  if (!parse_unsigned(v + negative, n - negative, &x) || x > (~0UL >> 1))
    return false;
  *out = negative ? -static_cast<long>(x) : static_cast<long>(x);
  return true;
}

bool parse_value(OptionSize *out, const char *v, size_t n) {
  unsigned long x;
  if (!parse_unsigned(v, n, &x))
    return false;
  *out = x;
  return true;
}

bool parse_value(OptionString *out, const char *v, size_t n) {
  if (n >= kMaxOptionString)
    return false;
  internal_memcpy(*out, v, n);
  (*out)[n] = '\0';
  return true;
}

void set_default(OptionBool *out, int v) { *out = v != 0; }
void set_default(OptionInt *out, long v) { *out = v; }
void set_default(OptionSize *out, unsigned long v) { *out = v; }
void set_default(OptionString *out, const char *v) {
  internal_strlcpy(*out, v, kMaxOptionString);
}

const char *type_name(const OptionBool *) { return "bool"; }
const char *type_name(const OptionInt *) { return "int"; }
const char *type_name(const OptionSize *) { return "size"; }
const char *type_name(const OptionString *) { return "string"; }

void print_value(char *buf, size_t size, const OptionBool *v) {
  format(buf, size, "%d", *v ? 1 : 0);
}
void print_value(char *buf, size_t size, const OptionInt *v) {
  format(buf, size, "%ld", *v);
}
void print_value(char *buf, size_t size, const OptionSize *v) {
  format(buf, size, "%zu", *v);
}
void print_value(char *buf, size_t size, const OptionString *v) {
  format(buf, size, "'%s'", *v);
}

// Sets KEY (KLEN bytes) to VALUE (VLEN bytes). 1: done, 0: unknown key,
// -1: bad value.
int set_option(const char *key, size_t klen, const char *value, size_t vlen) {
#define KMEMSAN_OPTION(TYPE, NAME, DEFAULT, HELP)                              \
  if (internal_streq_n(key, klen, #NAME))                                      \
    return parse_value(&g_options.NAME, value, vlen) ? 1 : -1;
#include "options.def"
  return 0;
}

bool is_option(const char *key, size_t klen) {
#define KMEMSAN_OPTION(TYPE, NAME, DEFAULT, HELP)                              \
  if (internal_streq_n(key, klen, #NAME))                                      \
    return true;
#include "options.def"
  return false;
}

} // namespace

const Options &options() { return g_options; }

void options_set_defaults() {
#define KMEMSAN_OPTION(TYPE, NAME, DEFAULT, HELP)                              \
  set_default(&g_options.NAME, DEFAULT);
#include "options.def"
}

void options_print_help() {
  write_line("kmemsan: options (KMEMSAN_OPTIONS=key=value:key=value...):");
  char def[kMaxOptionString + 8];
  Options defaults;
#define KMEMSAN_OPTION(TYPE, NAME, DEFAULT, HELP)                              \
  set_default(&defaults.NAME, DEFAULT);                                        \
  print_value(def, sizeof(def), &defaults.NAME);                               \
  write_line("  %-20s %-6s default %-6s %s", #NAME, type_name(&defaults.NAME), \
             def, HELP);
#include "options.def"
}

bool options_parse(const char *str) {
  if (!str)
    return true;
  const char *p = str;
  for (;;) {
    while (is_separator(*p))
      p++;
    if (!*p)
      break;
    const char *key = p;
    while (*p && *p != '=' && !is_separator(*p))
      p++;
    size_t klen = static_cast<size_t>(p - key);
    const char *value = p;
    size_t vlen = 0;
    bool has_value = *p == '=';
    if (has_value) {
      value = ++p;
      while (*p && !is_separator(*p))
        p++;
      vlen = static_cast<size_t>(p - value);
    }
    char name[64];
    size_t shown = klen < sizeof(name) - 1 ? klen : sizeof(name) - 1;
    internal_memcpy(name, key, shown);
    name[shown] = '\0';
    if (!has_value && is_option(key, klen)) {
      write_line("kmemsan: option '%s' needs a value ('%s=...') in "
                 "KMEMSAN_OPTIONS",
                 name, name);
      return false;
    }
    int r = has_value ? set_option(key, klen, value, vlen) : 0;
    if (r == 0) {
      write_line("kmemsan: unknown option '%s' in KMEMSAN_OPTIONS", name);
      options_print_help();
      return false;
    }
    if (r < 0) {
      char shown_value[80];
      size_t vn =
          vlen < sizeof(shown_value) - 1 ? vlen : sizeof(shown_value) - 1;
      internal_memcpy(shown_value, value, vn);
      shown_value[vn] = '\0';
      write_line("kmemsan: bad value '%s' for option '%s' in KMEMSAN_OPTIONS",
                 shown_value, name);
      return false;
    }
  }
  if (g_options.stack_depth < 1 || g_options.stack_depth > 64) {
    write_line("kmemsan: bad value '%ld' for option 'stack_depth' in "
               "KMEMSAN_OPTIONS (1..64)",
               g_options.stack_depth);
    return false;
  }
  if (g_options.report_limit < 0) {
    write_line("kmemsan: bad value '%ld' for option 'report_limit' in "
               "KMEMSAN_OPTIONS (0 or more)",
               g_options.report_limit);
    return false;
  }
  if (g_options.help) {
    options_print_help();
  }
  return true;
}

void options_init() {
  options_set_defaults();
  if (!options_parse(kmemsan_platform_options()))
    kmemsan_platform_halt();
}

} // namespace kmemsan

// The platform's view of the options (the hosted runtime opens log_path).
extern "C" const char *kmemsan_option_string(const char *name) {
  using namespace kmemsan;
#define KMEMSAN_OPTION_String(NAME)                                            \
  if (!internal_strcmp(name, #NAME))                                           \
    return g_options.NAME;
#define KMEMSAN_OPTION_Bool(NAME)
#define KMEMSAN_OPTION_Int(NAME)
#define KMEMSAN_OPTION_Size(NAME)
#define KMEMSAN_OPTION(TYPE, NAME, DEFAULT, HELP) KMEMSAN_OPTION_##TYPE(NAME)
#include "options.def"
#undef KMEMSAN_OPTION_String
#undef KMEMSAN_OPTION_Bool
#undef KMEMSAN_OPTION_Int
#undef KMEMSAN_OPTION_Size
  return nullptr;
}

extern "C" long kmemsan_option_int(const char *name) {
  using namespace kmemsan;
#define KMEMSAN_OPTION_String(NAME)
#define KMEMSAN_OPTION_Bool(NAME)                                              \
  if (!internal_strcmp(name, #NAME))                                           \
    return g_options.NAME ? 1 : 0;
#define KMEMSAN_OPTION_Int(NAME)                                               \
  if (!internal_strcmp(name, #NAME))                                           \
    return g_options.NAME;
#define KMEMSAN_OPTION_Size(NAME)                                              \
  if (!internal_strcmp(name, #NAME))                                           \
    return static_cast<long>(g_options.NAME);
#define KMEMSAN_OPTION(TYPE, NAME, DEFAULT, HELP) KMEMSAN_OPTION_##TYPE(NAME)
#include "options.def"
  return -1;
}
