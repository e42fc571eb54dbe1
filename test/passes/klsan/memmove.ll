; memmove moves tags with the data, overlapping or not: after it,
; __kmemsan_klsan_copy(dst, src, len).
; RUN: %opt -passes=kmemsan-klsan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define void @move(ptr %d, ptr %s, i64 %n) {
; CHECK-LABEL: @move(
; CHECK-NEXT: call void @llvm.memmove.p0.p0.i64(ptr %d, ptr %s, i64 %n, i1 false)
; CHECK-NEXT: call void @__kmemsan_klsan_copy(ptr %d, ptr %s, i64 %n), !nosanitize
; CHECK-NEXT: ret void
  call void @llvm.memmove.p0.p0.i64(ptr %d, ptr %s, i64 %n, i1 false)
  ret void
}

define void @move_const(ptr %d, ptr %s) {
; CHECK-LABEL: @move_const(
; CHECK-NEXT: call void @llvm.memmove.p0.p0.i64(ptr %d, ptr %s, i64 24, i1 false)
; CHECK-NEXT: call void @__kmemsan_klsan_copy(ptr %d, ptr %s, i64 24)
  call void @llvm.memmove.p0.p0.i64(ptr %d, ptr %s, i64 24, i1 false)
  ret void
}

declare void @llvm.memmove.p0.p0.i64(ptr, ptr, i64, i1)
