//===- KASan.h - kmemsan KASan instrumentation: shared interface ----------===//
//
// The KASan half of the plugin is split by concern:
//   Options.cpp         the cl::opts and their translation into KasanConfig
//   KASan.cpp           the module pass: per-function collect, then instrument
//   AccessCollection.*  which loads/stores/atomics/intrinsics need a check
//   RedundantChecks.*   the skip rules (dominated, merged, provably safe)
//   CheckEmitter.*      how a check is emitted (outline call or inline test)
//   KASanGlobals.cpp    global redzones and __asan_register_globals
//   KASanStack.cpp      stack frames with redzones and dynamic allocas
//   RuntimeABI.*        callee declarations built from include/kmemsan/abi.def
//
//===----------------------------------------------------------------------===//
#ifndef KMEMSAN_PASSES_KASAN_H
#define KMEMSAN_PASSES_KASAN_H

#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"

#include <cstdint>
#include <string>

namespace kmemsan {

/// Shadow offset of the x86-64 Linux kernel (CONFIG_KASAN_SHADOW_OFFSET).
constexpr uint64_t KernelShadowOffset = 0xdffffc0000000000ULL;

/// Everything the KASan instrumentation needs to know, resolved once per
/// module from the command-line options and the module itself.
struct KasanConfig {
  bool Inline = false;          ///< inline shadow tests instead of calls
  unsigned CallThreshold = 7000; ///< inline mode: above this many checks in a
                                 ///< function, use calls
  uint64_t ShadowOffset = 0;    ///< shadow(addr) = (addr >> 3) + ShadowOffset
  bool Globals = true;          ///< redzones around globals + registration
  bool Stack = false;           ///< redzones around stack objects and allocas
  bool Recover = true;          ///< report and continue (the _noabort entries)
  bool SkipDominated = true;    ///< no check of an address checked on all paths
  bool MergeAdjacent = true;    ///< one check for adjacent constant offsets
  bool SkipSafe = true;         ///< no check of provably in-bounds accesses
};

/// Builds the configuration for module M (the shadow offset defaults to the
/// kernel's when M uses the kernel code model, to the hosted one otherwise).
KasanConfig kasanConfigFor(const llvm::Module &M);

/// Adds redzones to the module's instrumentable globals and a constructor
/// that registers them with __asan_register_globals. Returns true if changed.
bool instrumentGlobals(llvm::Module &M, const KasanConfig &Config);

/// Lays out F's static allocas in one frame with redzones and poisons them
/// (Config.Stack), and gives dynamic allocas redzones. Called after the
/// accesses of F were instrumented. Returns true if changed.
bool instrumentStack(llvm::Function &F, const KasanConfig &Config);

/// The module pass registered as `kmemsan-kasan` and run at OptimizerLast.
class KasanPass : public llvm::PassInfoMixin<KasanPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &MAM);
  static bool isRequired() { return true; }
};

} // namespace kmemsan

#endif
