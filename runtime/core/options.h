// The parsed runtime options (the table is options.def).
#ifndef KMEMSAN_OPTIONS_H
#define KMEMSAN_OPTIONS_H

#include <stddef.h>

namespace kmemsan {

constexpr size_t kMaxOptionString = 256;

using OptionBool = bool;
using OptionInt = long;
using OptionSize = size_t;
using OptionString = char[kMaxOptionString];

struct Options {
#define KMEMSAN_OPTION(TYPE, NAME, DEFAULT, HELP) Option##TYPE NAME;
#include "options.def"
};

// The current options; defaults until options_init() or options_parse().
const Options &options();

// Resets every option to its default.
void options_set_defaults();

// Parses "key=value" pairs separated by ':', ',' or whitespace over the
// current values. Returns false after printing a message for an unknown key
// or a bad value (the caller halts); help=1 prints the table.
bool options_parse(const char *str);

// Prints every option with its type, default and help text.
void options_print_help();

// Defaults, then the platform's string; halts on an error.
void options_init();

} // namespace kmemsan

#endif // KMEMSAN_OPTIONS_H
