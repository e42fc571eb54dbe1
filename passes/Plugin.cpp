//===- Plugin.cpp - libkmemsan.so: the new-pass-manager plugin entry ------===//
//
// Registers the pipeline names `kmemsan-kasan`, `kmemsan-klsan` and
// `kmemsan-mark-functions` for `opt -passes=`, marks the functions KASan
// will instrument at PipelineStart, and runs the enabled detectors at
// OptimizerLast: KASan first, then KLSan, which leaves KASan's !nosanitize
// code alone and adds events after the __asan_mem* calls KASan made. clang 19
// invokes both extension points at every -O level (buildO0DefaultPipeline
// included).
//
//===----------------------------------------------------------------------===//
#include "AccessCollection.h"
#include "KASan.h"
#include "KLSan.h"
#include "Options.h"

#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"

using namespace llvm;

namespace kmemsan {
namespace {

/// Marks the functions KASan will instrument before the optimizer sees them
/// (see markInstrumentedFunctions).
class KasanMarkFunctionsPass : public PassInfoMixin<KasanMarkFunctionsPass> {
public:
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    // Adding a function attribute invalidates no analysis results.
    markInstrumentedFunctions(M);
    return PreservedAnalyses::all();
  }
  static bool isRequired() { return true; }
};

void registerCallbacks(PassBuilder &PB) {
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM,
         ArrayRef<PassBuilder::PipelineElement>) {
        if (Name == "kmemsan-kasan") {
          MPM.addPass(KasanPass());
          return true;
        }
        if (Name == "kmemsan-mark-functions") {
          MPM.addPass(KasanMarkFunctionsPass());
          return true;
        }
        if (Name == "kmemsan-klsan") {
          MPM.addPass(KlsanPass());
          return true;
        }
        return false;
      });
  PB.registerPipelineStartEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) {
        if (kasanEnabled())
          MPM.addPass(KasanMarkFunctionsPass());
      });
  PB.registerOptimizerLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) {
        if (kasanEnabled())
          MPM.addPass(KasanPass());
        if (klsanEnabled())
          MPM.addPass(KlsanPass());
      });
}

} // namespace
} // namespace kmemsan

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "kmemsan", "0.1",
          kmemsan::registerCallbacks};
}
