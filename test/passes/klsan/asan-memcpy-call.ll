; Under KASan, memcpy/memmove/memset of a variable or long length become
; calls to __asan_memcpy/__asan_memmove/__asan_memset before KLSan runs;
; those calls get the events the intrinsics would have had.
; RUN: %opt -passes=kmemsan-kasan,kmemsan-klsan -S %s | FileCheck %s
; The same at OptimizerLast, as clang runs it.
; RUN: %opt -passes='default<O1>' -kmemsan-kasan=1 -kmemsan-klsan=1 -S %s \
; RUN:   | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define void @copy(ptr %d, ptr %s, i64 %n) {
; CHECK-LABEL: @copy(
; CHECK: call ptr @__asan_memcpy(ptr %d, ptr %s, i64 %n)
; CHECK-NEXT: call void @__kmemsan_klsan_copy(ptr %d, ptr %s, i64 %n)
  call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %s, i64 %n, i1 false)
  ret void
}

define void @move(ptr %d, ptr %s, i64 %n) {
; CHECK-LABEL: @move(
; CHECK: call ptr @__asan_memmove(ptr %d, ptr %s, i64 %n)
; CHECK-NEXT: call void @__kmemsan_klsan_copy(ptr %d, ptr %s, i64 %n)
  call void @llvm.memmove.p0.p0.i64(ptr %d, ptr %s, i64 %n, i1 false)
  ret void
}

define void @fill(ptr %d, i64 %n) {
; CHECK-LABEL: @fill(
; CHECK: call ptr @__asan_memset(ptr %d, i32 0, i64 %n)
; CHECK-NEXT: call void @__kmemsan_klsan_clear(ptr %d, i64 %n)
  call void @llvm.memset.p0.i64(ptr %d, i8 0, i64 %n, i1 false)
  ret void
}

; A long constant copy: the call KASan makes carries the constant length.
define void @copy_long(ptr %d, ptr %s) {
; CHECK-LABEL: @copy_long(
; CHECK: call ptr @__asan_memcpy(ptr %d, ptr %s, i64 256)
; CHECK-NEXT: call void @__kmemsan_klsan_copy(ptr %d, ptr %s, i64 256)
  call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %s, i64 256, i1 false)
  ret void
}

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memmove.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
