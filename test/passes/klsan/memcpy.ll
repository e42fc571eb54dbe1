; memcpy moves tags with the data: after the copy, always a call to
; __kmemsan_klsan_copy(dst, src, len) (memcpy.inline too). A copy shorter
; than a word carries no whole word: it only overwrites part of the
; destination (tag test, then __kmemsan_klsan_clobber).
; RUN: %opt -passes=kmemsan-klsan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define void @copy_const(ptr %d, ptr %s) {
; CHECK-LABEL: @copy_const(
; CHECK-NEXT: call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %s, i64 64, i1 false)
; CHECK-NEXT: call void @__kmemsan_klsan_copy(ptr %d, ptr %s, i64 64), !nosanitize
; CHECK-NEXT: ret void
  call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %s, i64 64, i1 false)
  ret void
}

define void @copy_var(ptr %d, ptr %s, i32 %n) {
; CHECK-LABEL: @copy_var(
; CHECK-NEXT: call void @llvm.memcpy.p0.p0.i32(ptr %d, ptr %s, i32 %n, i1 false)
; CHECK-NEXT: [[N:%.*]] = zext i32 %n to i64
; CHECK-NEXT: call void @__kmemsan_klsan_copy(ptr %d, ptr %s, i64 [[N]])
; CHECK-NEXT: ret void
  call void @llvm.memcpy.p0.p0.i32(ptr %d, ptr %s, i32 %n, i1 false)
  ret void
}

define void @copy_inline(ptr %d, ptr %s) {
; CHECK-LABEL: @copy_inline(
; CHECK-NEXT: call void @llvm.memcpy.inline.p0.p0.i64(ptr %d, ptr %s, i64 16, i1 false)
; CHECK-NEXT: call void @__kmemsan_klsan_copy(ptr %d, ptr %s, i64 16)
  call void @llvm.memcpy.inline.p0.p0.i64(ptr %d, ptr %s, i64 16, i1 false)
  ret void
}

define void @copy_short(ptr %d, ptr %s) {
; CHECK-LABEL: @copy_short(
; CHECK-NEXT: call void @llvm.memcpy.p0.p0.i64(ptr align 4 %d, ptr %s, i64 4, i1 false)
; CHECK-NOT: @__kmemsan_klsan_copy
; CHECK: lshr i64 {{%.*}}, 21
; CHECK: call void @__kmemsan_klsan_clobber(ptr %d, i64 4)
  call void @llvm.memcpy.p0.p0.i64(ptr align 4 %d, ptr %s, i64 4, i1 false)
  ret void
}

define void @copy_nothing(ptr %d, ptr %s) {
; CHECK-LABEL: @copy_nothing(
; CHECK-NEXT: call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %s, i64 0, i1 false)
; CHECK-NEXT: ret void
  call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %s, i64 0, i1 false)
  ret void
}

; Nothing tagged comes from another address space: the destination's tags
; are cleared.
define void @copy_from_other_as(ptr %d, ptr addrspace(256) %s, i64 %n) {
; CHECK-LABEL: @copy_from_other_as(
; CHECK-NEXT: call void @llvm.memcpy.p0.p256.i64(
; CHECK-NEXT: call void @__kmemsan_klsan_clear(ptr %d, i64 %n)
  call void @llvm.memcpy.p0.p256.i64(ptr %d, ptr addrspace(256) %s, i64 %n, i1 false)
  ret void
}

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memcpy.p0.p0.i32(ptr, ptr, i32, i1)
declare void @llvm.memcpy.inline.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memcpy.p0.p256.i64(ptr, ptr addrspace(256), i64, i1)
