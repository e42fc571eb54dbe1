; The pass counts what it inserts and what each rule left out; -stats prints
; the counts even in a release build of LLVM (which compiles its own
; statistics printing out).
; RUN: %opt -passes=kmemsan-kasan -stats -disable-output %s 2>&1 | FileCheck %s
; RUN: %clang -O0 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -stats \
; RUN:   -c -o /dev/null %S/Inputs/simple.c 2>&1 | FileCheck %s --check-prefix=CLANG

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@g = global i32 0

; 6 accesses: @g is provably safe; the second load of %p and the load of
; %q are dominated by earlier checks of the same range; the two stores to
; %q merge into one check: 2 checks.
define void @f(ptr %p, ptr %q) {
  %a = load i32, ptr @g
  %b = load i32, ptr %p
  %c = load i32, ptr %p
  %q4 = getelementptr i8, ptr %q, i64 4
  store i32 %a, ptr %q
  store i32 %b, ptr %q4
  %d = load i32, ptr %q
  ret void
}

; CHECK-DAG: {{ }}6 kmemsan{{ *}} - Memory accesses considered for checks
; CHECK-DAG: {{ }}2 kmemsan{{ *}} - KASan checks inserted
; CHECK-DAG: {{ }}1 kmemsan{{ *}} - Checks left out: access provably inside a global or alloca
; CHECK-DAG: {{ }}2 kmemsan{{ *}} - Checks left out: address already checked on every path
; CHECK-DAG: {{ }}1 kmemsan{{ *}} - Checks left out: folded into an adjacent access's range check
; CLANG: kmemsan{{ *}} - KASan checks inserted
