#!/bin/sh
# Prints the symbols an archive needs from outside itself: every symbol
# some member leaves undefined (U, or weak w/v) that no member defines.
# llvm-nm -u alone lists per member, which would count the core's own
# cross-file calls.
# Usage: archive-undefined.sh ARCHIVE
set -e
llvm-nm -A "$1" | awk '
  NF >= 2 {
    sym = $NF; type = $(NF - 1)
    if (type == "U" || type == "w" || type == "v") undef[sym] = 1
    else defined[sym] = 1
  }
  END { for (s in undef) if (!(s in defined)) print s }' | sort
