; memcpy/memmove/memset get range checks right before them and are kept:
; the source is checked as a read of the length, the destination as a
; write. A constant zero length touches nothing and gets no check.
; RUN: %opt -passes=kmemsan-kasan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define void @copy(ptr %d, ptr %s, i64 %n) {
; CHECK-LABEL: @copy(
; CHECK: [[S:%.*]] = ptrtoint ptr %s to i64
; CHECK-NEXT: call void @__asan_loadN_noabort(i64 [[S]], i64 %n)
; CHECK-NEXT: [[D:%.*]] = ptrtoint ptr %d to i64
; CHECK-NEXT: call void @__asan_storeN_noabort(i64 [[D]], i64 %n)
; CHECK-NEXT: call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %s, i64 %n, i1 false)
  call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %s, i64 %n, i1 false)
  ret void
}

define void @move(ptr %d, ptr %s, i32 %n) {
; CHECK-LABEL: @move(
; CHECK: [[N:%.*]] = zext i32 %n to i64
; CHECK-NEXT: call void @__asan_loadN_noabort(i64 {{%.*}}, i64 [[N]])
; CHECK: call void @__asan_storeN_noabort(i64 {{%.*}}, i64 {{%.*}})
; CHECK-NEXT: call void @llvm.memmove.p0.p0.i32(ptr %d, ptr %s, i32 %n, i1 false)
  call void @llvm.memmove.p0.p0.i32(ptr %d, ptr %s, i32 %n, i1 false)
  ret void
}

; Only the destination of memset is accessed. A constant length that has a
; sized entry still uses the range entry.
define void @set(ptr %d) {
; CHECK-LABEL: @set(
; CHECK: [[D:%.*]] = ptrtoint ptr %d to i64
; CHECK-NEXT: call void @__asan_storeN_noabort(i64 [[D]], i64 8)
; CHECK-NEXT: call void @llvm.memset.p0.i64(ptr %d, i8 0, i64 8, i1 false)
; CHECK-NOT: __asan_load
  call void @llvm.memset.p0.i64(ptr %d, i8 0, i64 8, i1 false)
  ret void
}

define void @zero_length(ptr %d, ptr %s) {
; CHECK-LABEL: @zero_length(
; CHECK-NOT: call void @__asan
; CHECK: call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %s, i64 0, i1 false)
; CHECK-NOT: call void @__asan
; CHECK: ret void
  call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %s, i64 0, i1 false)
  ret void
}

define void @inline_copy(ptr %d, ptr %s) {
; CHECK-LABEL: @inline_copy(
; CHECK: call void @__asan_loadN_noabort(i64 {{%.*}}, i64 100)
; CHECK: call void @__asan_storeN_noabort(i64 {{%.*}}, i64 100)
; CHECK-NEXT: call void @llvm.memcpy.inline.p0.p0.i64(ptr %d, ptr %s, i64 100, i1 false)
  call void @llvm.memcpy.inline.p0.p0.i64(ptr %d, ptr %s, i64 100, i1 false)
  ret void
}

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memcpy.inline.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memmove.p0.p0.i32(ptr, ptr, i32, i1)
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
