//===- Options.cpp - kmemsan command-line options -------------------------===//
//
// Every option is an `-mllvm -kmemsan-*` cl::opt. clang parses -mllvm before
// it loads -fpass-plugin plugins, so users also load the plugin with
// `-Xclang -load -Xclang libkmemsan.so` (tools/kmemsan-cc does this); with a
// bare -fpass-plugin the defaults below apply.
//
//===----------------------------------------------------------------------===//
#include "Options.h"
#include "KASan.h"
#include "KLSan.h"

#include "llvm/Support/CodeGen.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <memory>
#include <mutex>

using namespace llvm;

#ifndef KMEMSAN_HOSTED_SHADOW_OFFSET
#error "CMake defines KMEMSAN_HOSTED_SHADOW_OFFSET"
#endif

namespace {

enum class KasanMode { Outline, Inline };

cl::OptionCategory Category("kmemsan options");

cl::opt<bool> Kasan("kmemsan-kasan", cl::init(true), cl::cat(Category),
                    cl::desc("Run KASan instrumentation at OptimizerLast"));
cl::opt<bool> Klsan("kmemsan-klsan", cl::init(false), cl::cat(Category),
                    cl::desc("Run KLSan instrumentation at OptimizerLast"));

cl::opt<KasanMode> Mode(
    "kmemsan-kasan-mode", cl::init(KasanMode::Outline), cl::cat(Category),
    cl::desc("How KASan checks are emitted"),
    cl::values(clEnumValN(KasanMode::Outline, "outline",
                          "call __asan_{load,store}N (CONFIG_KASAN_OUTLINE)"),
               clEnumValN(KasanMode::Inline, "inline",
                          "inline shadow tests (CONFIG_KASAN_INLINE)")));

cl::opt<unsigned> CallThreshold(
    "kmemsan-call-threshold", cl::init(7000), cl::cat(Category),
    cl::desc("Inline mode: functions with more checks than this use calls"));

// parser<uint64_t> reads with radix auto-detection, so 0x... works.
cl::opt<uint64_t> ShadowOffset(
    "kmemsan-shadow-offset", cl::init(0), cl::cat(Category),
    cl::desc("shadow(addr) = (addr >> 3) + offset (default: the kernel's "
             "0xdffffc0000000000 with -mcmodel=kernel, else the hosted one)"));

cl::opt<bool> Globals("kmemsan-globals", cl::init(true), cl::cat(Category),
                      cl::desc("Add redzones to globals and register them"));
// The default follows the target, as the shadow offset does: processes get
// what ASan users expect (on); kernel code keeps CONFIG_KASAN_STACK's off.
cl::opt<bool> Stack("kmemsan-stack", cl::init(false), cl::cat(Category),
                    cl::desc("Add redzones to stack objects (default: on, "
                             "off with -mcmodel=kernel: CONFIG_KASAN_STACK)"));
cl::opt<bool> Recover("kmemsan-recover", cl::init(true), cl::cat(Category),
                      cl::desc("Report and continue (__asan_*_noabort)"));

cl::list<std::string>
    IgnoreList("kmemsan-ignorelist", cl::cat(Category),
               cl::desc("Ignore-list file (-fsanitize-ignorelist syntax)"));

cl::opt<bool> SkipDominated(
    "kmemsan-skip-dominated", cl::init(true), cl::cat(Category),
    cl::desc("No check of an address already checked on every path"));
cl::opt<bool> MergeAdjacent(
    "kmemsan-merge-adjacent", cl::init(true), cl::cat(Category),
    cl::desc("One range check for adjacent constant-offset accesses"));
cl::opt<bool> SkipSafe(
    "kmemsan-skip-safe", cl::init(true), cl::cat(Category),
    cl::desc("No check of accesses provably inside a global or alloca"));

cl::opt<uint64_t> KlsanDirectory(
    "kmemsan-klsan-directory", cl::init(kmemsan::HostedKlsanDirectory),
    cl::cat(Category),
    cl::desc("KLSan: address of the tag-shadow directory (default: the "
             "hosted runtime's 0x500000000000)"));
cl::opt<kmemsan::KlsanConfig::Layout> KlsanLayout(
    "kmemsan-klsan-layout", cl::init(kmemsan::KlsanConfig::Layout::Hosted),
    cl::cat(Category),
    cl::desc("KLSan: the tag shadow's layout"),
    cl::values(clEnumValN(kmemsan::KlsanConfig::Layout::Hosted, "hosted",
                          "a flat directory at -kmemsan-klsan-directory "
                          "(user space)"),
               clEnumValN(kmemsan::KlsanConfig::Layout::Kernel, "kernel",
                          "a radix tree rooted at __kmemsan_klsan_root "
                          "(Linux)")));
cl::opt<bool> KlsanTopByteIgnore(
    "kmemsan-klsan-top-byte-ignore", cl::init(false), cl::cat(Category),
    cl::desc("KLSan: ignore a stored value's top byte (tagged pointers)"));

} // namespace

namespace kmemsan {

bool kasanEnabled() { return Kasan; }
bool klsanEnabled() { return Klsan; }

KasanConfig kasanConfigFor(const Module &M) {
  KasanConfig C;
  bool Kernel = M.getCodeModel() == CodeModel::Kernel;
  C.Inline = Mode == KasanMode::Inline;
  C.CallThreshold = CallThreshold;
  if (ShadowOffset.getNumOccurrences())
    C.ShadowOffset = ShadowOffset;
  else if (Kernel)
    C.ShadowOffset = KernelShadowOffset;
  else
    C.ShadowOffset = KMEMSAN_HOSTED_SHADOW_OFFSET;
  C.Globals = Globals;
  C.Stack = Stack.getNumOccurrences() ? bool(Stack) : !Kernel;
  C.Recover = Recover;
  C.SkipDominated = SkipDominated;
  C.MergeAdjacent = MergeAdjacent;
  C.SkipSafe = SkipSafe;
  return C;
}

KlsanConfig klsanConfigFor(const Module &M) {
  KlsanConfig C;
  C.TagLayout = KlsanLayout;
  C.Directory = KlsanDirectory;
  C.TopByteIgnore = KlsanTopByteIgnore;
  return C;
}

const SpecialCaseList *kasanIgnoreList(std::string &Error) {
  // Parsed once: clang compiles one module per process, but opt and LTO may
  // run the pass on many.
  static std::once_flag Once;
  static std::unique_ptr<SpecialCaseList> List;
  static std::string ParseError;
  std::call_once(Once, [] {
    std::vector<std::string> Paths(IgnoreList.begin(), IgnoreList.end());
    List =
        SpecialCaseList::create(Paths, *vfs::getRealFileSystem(), ParseError);
  });
  Error = ParseError;
  return List.get();
}

bool kasanIgnores(const SpecialCaseList &List, StringRef Prefix,
                  StringRef Entity) {
  // A file without section headers puts its entries in section "*", which
  // every section name matches.
  return List.inSection("kernel-address", Prefix, Entity) ||
         List.inSection("kasan", Prefix, Entity);
}

bool klsanIgnores(const SpecialCaseList &List, StringRef Prefix,
                  StringRef Entity) {
  // Entries without a section header are in "*", which matches "klsan".
  return List.inSection("klsan", Prefix, Entity);
}

} // namespace kmemsan
