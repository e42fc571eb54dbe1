//===- KLSan.h - kmemsan KLSan instrumentation: shared interface ----------===//
//
// KLSan (docs/KLSAN.md) counts the references to every heap object that
// instrumented memory holds. The pass reports the events that change them:
// pointer-sized stores, partial overwrites, memcpy/memmove/memset and the end
// of address-taken stack slots, each behind an inline test so that a store
// of a plain integer into a word that never held a reference costs a compare
// and a shadow load.
//
//   Options.cpp  the cl::opts and their translation into KlsanConfig
//   KLSan.cpp    the module pass: per-function collect, then instrument
//
//===----------------------------------------------------------------------===//
#ifndef KMEMSAN_PASSES_KLSAN_H
#define KMEMSAN_PASSES_KLSAN_H

#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"

#include <cstdint>

namespace kmemsan {

/// Where the hosted runtime puts the tag-shadow directory
/// (KMEMSAN_KLSAN_DIRECTORY in runtime/core/kmemsan_core.h).
constexpr uint64_t HostedKlsanDirectory = 0x500000000000ULL;

/// Everything the KLSan instrumentation needs to know, resolved once per
/// module from the command-line options.
struct KlsanConfig {
  /// The tag shadow's layout (runtime/core/kmemsan_core.h).
  ///  - Hosted: a flat directory at the fixed address Directory, one 8-byte
  ///    chunk pointer per 2 MiB of address space; a chunk holds the tags of
  ///    its 2 MiB.
  ///  - Kernel: a radix tree whose root is the global
  ///    __kmemsan_klsan_root (one entry per GiB of the 47-bit half the
  ///    address lies in), then a table per GiB (one entry per 2 MiB), a
  ///    table per 2 MiB (one per 4 KiB), and a 4 KiB page of tags. Every
  ///    level reads 0 where nothing was ever tagged, so no lookup faults,
  ///    at any point of boot, and only pages holding references cost a tag
  ///    page.
  enum class Layout { Hosted, Kernel } TagLayout = Layout::Hosted;
  /// Hosted layout: address of the directory.
  uint64_t Directory = HostedKlsanDirectory;
  /// Mask the stored value's top byte before the heap-range test (tagged
  /// pointers: arm64 TBI, KASan SW_TAGS).
  bool TopByteIgnore = false;
};

/// Builds the configuration for module M.
KlsanConfig klsanConfigFor(const llvm::Module &M);

/// The module pass registered as `kmemsan-klsan` and run at OptimizerLast,
/// after KASan when both are on.
class KlsanPass : public llvm::PassInfoMixin<KlsanPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

} // namespace kmemsan

#endif
