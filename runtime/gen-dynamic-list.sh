#!/bin/sh
# gen-dynamic-list.sh NM ARCHIVE OUT
#
# Writes the linker dynamic list of a program linked with the hosted
# runtime: every symbol the runtime defines outside its own C++ namespace
# (the compiler entry points __asan_*/__kmemsan_*, the kernel-style API,
# the malloc and string interceptors, operator new/delete). The program
# exports them, so that instrumented shared libraries, linked in or loaded
# later with dlopen, resolve them to the program's runtime.
set -eu
nm=$1 archive=$2 out=$3
syms=$("$nm" -g --defined-only --format=just-symbols "$archive" |
  grep -v -e ':$' -e '^$' -e '^_ZN7kmemsan' | sort -u)
if [ -z "$syms" ]; then
  echo "gen-dynamic-list.sh: no symbols found in $archive" >&2
  exit 1
fi
{
  echo "{"
  printf '%s\n' "$syms" | sed 's/.*/  "&";/'
  echo "};"
} > "$out.tmp"
mv "$out.tmp" "$out"
