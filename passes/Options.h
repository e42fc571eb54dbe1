//===- Options.h - kmemsan command-line options ---------------------------===//
//
// The cl::opts live in Options.cpp; the rest of the plugin reads them only
// through this interface (and kasanConfigFor from KASan.h, klsanConfigFor
// from KLSan.h), so a pass never depends on how an option was spelled.
//
//===----------------------------------------------------------------------===//
#ifndef KMEMSAN_PASSES_OPTIONS_H
#define KMEMSAN_PASSES_OPTIONS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/SpecialCaseList.h"

namespace kmemsan {

/// -kmemsan-kasan: run KASan at OptimizerLast (default on).
bool kasanEnabled();
/// -kmemsan-klsan: run KLSan at OptimizerLast (default off).
bool klsanEnabled();

/// The ignore list from the -kmemsan-ignorelist files, parsed once per
/// process. Returns null and sets Error when a file is missing, unreadable or
/// malformed; returns an empty list when no file was given.
const llvm::SpecialCaseList *kasanIgnoreList(std::string &Error);

/// True if the ignore list names Entity under Prefix ("fun", "src",
/// "global", "type") in a KASan section ([kernel-address], [kasan] or none).
bool kasanIgnores(const llvm::SpecialCaseList &List, llvm::StringRef Prefix,
                  llvm::StringRef Entity);

/// True if the ignore list names Entity under Prefix in a KLSan section
/// ([klsan] or none).
bool klsanIgnores(const llvm::SpecialCaseList &List, llvm::StringRef Prefix,
                  llvm::StringRef Entity);

} // namespace kmemsan

#endif
