; -stats counts the KLSan events the pass instrumented (printed by the
; plugin itself in a release build of LLVM).
; RUN: %opt -passes=kmemsan-klsan -stats -disable-output %s 2>&1 | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @use(ptr)

define void @f(ptr %p, ptr %q, ptr %v, i64 %n) {
  %slot = alloca ptr, align 8
  call void @use(ptr %slot)
  store ptr %v, ptr %p, align 8
  store i64 %n, ptr %q, align 8
  store i32 0, ptr %q, align 4
  call void @llvm.memcpy.p0.p0.i64(ptr %p, ptr %q, i64 %n, i1 false)
  call void @llvm.memset.p0.i64(ptr %p, i8 0, i64 %n, i1 false)
  ret void
}

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)

; CHECK-DAG: {{ }}2 kmemsan{{ *}} - KLSan pointer-sized store events instrumented
; CHECK-DAG: {{ }}1 kmemsan{{ *}} - KLSan partial-overwrite events instrumented
; CHECK-DAG: {{ }}1 kmemsan{{ *}} - KLSan memcpy/memmove events instrumented
; CHECK-DAG: {{ }}1 kmemsan{{ *}} - KLSan memset events instrumented
; CHECK-DAG: {{ }}1 kmemsan{{ *}} - KLSan stack-slot scope exits instrumented
