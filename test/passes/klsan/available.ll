; KLSan is built: asking for it (opt -passes=kmemsan-klsan, or
; -mllvm -kmemsan-klsan=1 from clang) instruments instead of the old
; "KLSan instrumentation is not available in this build" error.
; RUN: %opt -passes=kmemsan-klsan -S %s 2>&1 | FileCheck %s
; RUN: %clang -fpass-plugin=%plugin -Xclang -load -Xclang %plugin \
; RUN:   -mllvm -kmemsan-klsan=1 -O1 -S -emit-llvm -o - %S/../Inputs/simple.c 2>&1 \
; RUN:   | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; CHECK-NOT: not available
; CHECK-NOT: error:
; CHECK: @__kmemsan_klsan_linked = weak global i8 1
; CHECK-NOT: error:

define i32 @f(i32 %x) {
  ret i32 %x
}
