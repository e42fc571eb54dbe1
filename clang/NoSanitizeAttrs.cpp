//===- NoSanitizeAttrs.cpp - carry no_sanitize(address) into the IR -------===//
//
// libkmemsan-clang.so: a clang frontend plugin that runs before CodeGen and
// makes the address-sanitizer opt-outs visible to the kmemsan pass.
//
// Without -fsanitize=..., clang 19 leaves no trace of
//   __attribute__((no_sanitize("address")))
//   __attribute__((no_sanitize("kernel-address")))
//   __attribute__((no_sanitize_address)) / no_address_safety_analysis
// in the IR. kmemsan must not rely on -fsanitize=kernel-address, so this
// plugin adds an implicit __attribute__((annotate("kmemsan_no_sanitize")))
// to every function and global variable whose NoSanitizeAttr covers address
// or kernel-address. CodeGen then lists it in @llvm.global.annotations, which
// the pass reads: annotated functions are not instrumented and annotated
// globals get no redzones.
//
// Load it with
//   clang -Xclang -load -Xclang libkmemsan-clang.so ...
// (or -fplugin=libkmemsan-clang.so). The action is AddBeforeMainAction, so it
// runs without -add-plugin, and its consumer sees every declaration before
// CodeGen's consumer does.
//
// The plugin never prints anything and never changes a program that has no
// such attribute.
//
//===----------------------------------------------------------------------===//

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclGroup.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/Sanitizers.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"

#include <memory>
#include <string>
#include <vector>

using namespace clang;

namespace {

// Must match the string the kmemsan pass looks for in @llvm.global.annotations.
constexpr llvm::StringLiteral KmemsanNoSanitize = "kmemsan_no_sanitize";

// True when one of D's no_sanitize attributes names address or
// kernel-address (directly, or through a group such as "all").
// no_sanitize_address and no_address_safety_analysis are parsed into a
// NoSanitizeAttr("address") too. Inherited attributes (from an earlier
// declaration) are on D as well.
bool disablesAddressSanitizer(const Decl *D) {
  const SanitizerMask Wanted = SanitizerKind::Address | SanitizerKind::KernelAddress;
  for (const NoSanitizeAttr *A : D->specific_attrs<NoSanitizeAttr>())
    if (A->getMask() & Wanted)
      return true;
  return false;
}

bool hasKmemsanAnnotation(const Decl *D) {
  for (const AnnotateAttr *A : D->specific_attrs<AnnotateAttr>())
    if (A->getAnnotation() == KmemsanNoSanitize)
      return true;
  return false;
}

class Annotator : public RecursiveASTVisitor<Annotator> {
public:
  explicit Annotator(ASTContext &Ctx) : Ctx(Ctx) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  // Only declarations CodeGen can turn into an IR global are annotated:
  // functions (including methods) and variables with static storage.
  void annotate(Decl *D) {
    if (!D || D->isInvalidDecl())
      return;
    if (auto *VD = dyn_cast<VarDecl>(D)) {
      if (isa<ParmVarDecl>(VD) || !VD->hasGlobalStorage())
        return;
    } else if (!isa<FunctionDecl>(D)) {
      return;
    }
    if (!disablesAddressSanitizer(D) || hasKmemsanAnnotation(D))
      return;
    D->addAttr(AnnotateAttr::CreateImplicit(Ctx, KmemsanNoSanitize,
                                            /*Args=*/nullptr, /*ArgsSize=*/0,
                                            SourceRange(D->getLocation())));
  }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    annotate(FD);
    return true;
  }

  bool VisitVarDecl(VarDecl *VD) {
    annotate(VD);
    return true;
  }

  // The traversal of a lambda skips its call operator declaration (it only
  // walks the body), so reach it here.
  bool VisitLambdaExpr(LambdaExpr *LE) {
    if (CXXMethodDecl *Op = LE->getCallOperator())
      annotate(Op);
    return true;
  }

private:
  ASTContext &Ctx;
};

class NoSanitizeConsumer : public ASTConsumer {
public:
  explicit NoSanitizeConsumer(DiagnosticsEngine &Diags) : Diags(Diags) {}

  void Initialize(ASTContext &Context) override {
    Visitor = std::make_unique<Annotator>(Context);
  }

  bool HandleTopLevelDecl(DeclGroupRef DG) override {
    if (ready())
      for (Decl *D : DG)
        if (D)
          Visitor->TraverseDecl(D);
    return true;
  }

  // C++ methods defined inside a class are handed to CodeGen through this
  // hook, and may be emitted before the enclosing top-level declaration.
  void HandleInlineFunctionDefinition(FunctionDecl *FD) override {
    if (ready() && FD)
      Visitor->TraverseDecl(FD);
  }

  void HandleCXXImplicitFunctionInstantiation(FunctionDecl *FD) override {
    if (ready() && FD)
      Visitor->TraverseDecl(FD);
  }

  void HandleCXXStaticMemberVarInstantiation(VarDecl *VD) override {
    if (ready() && VD)
      Visitor->annotate(VD);
  }

  void HandleTopLevelDeclInObjCContainer(DeclGroupRef DG) override {
    HandleTopLevelDecl(DG);
  }

private:
  // CodeGen emits nothing once an error has been reported; do not walk an
  // AST that may be broken either.
  bool ready() const { return Visitor && !Diags.hasErrorOccurred(); }

  DiagnosticsEngine &Diags;
  std::unique_ptr<Annotator> Visitor;
};

class NoSanitizeAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    return std::make_unique<NoSanitizeConsumer>(CI.getDiagnostics());
  }

  bool ParseArgs(const CompilerInstance &,
                 const std::vector<std::string> &) override {
    return true;
  }

  // Run automatically, ahead of the main (CodeGen) action, whenever the
  // plugin is loaded: no -add-plugin needed.
  ActionType getActionType() override { return AddBeforeMainAction; }
};

} // namespace

static FrontendPluginRegistry::Add<NoSanitizeAction>
    X("kmemsan-no-sanitize",
      "annotate no_sanitize(\"address\"/\"kernel-address\") declarations "
      "with annotate(\"kmemsan_no_sanitize\") for the kmemsan pass");
