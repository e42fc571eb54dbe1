; memset clears the tags of what it fills: __kmemsan_klsan_clear(dst, len)
; after it. No byte pattern is a heap address, so a constant length up to
; 64 bytes is guarded by the tag tests of the words it touches; shorter
; than a word it is a partial overwrite (__kmemsan_klsan_clobber).
; RUN: %opt -passes=kmemsan-klsan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define void @set_var(ptr %d, i64 %n) {
; CHECK-LABEL: @set_var(
; CHECK-NEXT: call void @llvm.memset.p0.i64(ptr %d, i8 0, i64 %n, i1 false)
; CHECK-NEXT: call void @__kmemsan_klsan_clear(ptr %d, i64 %n), !nosanitize
; CHECK-NEXT: ret void
  call void @llvm.memset.p0.i64(ptr %d, i8 0, i64 %n, i1 false)
  ret void
}

define void @set_long(ptr %d) {
; CHECK-LABEL: @set_long(
; CHECK-NEXT: call void @llvm.memset.p0.i64(ptr align 8 %d, i8 0, i64 4096, i1 false)
; CHECK-NEXT: call void @__kmemsan_klsan_clear(ptr %d, i64 4096)
; CHECK-NEXT: ret void
  call void @llvm.memset.p0.i64(ptr align 8 %d, i8 0, i64 4096, i1 false)
  ret void
}

define void @set_struct(ptr %d) {
; CHECK-LABEL: @set_struct(
; CHECK-NEXT: call void @llvm.memset.p0.i64(ptr align 8 %d, i8 0, i64 32, i1 false)
; CHECK-NOT: @__kmemsan_klsan_heap_start
; CHECK-COUNT-4: lshr i64 {{%.*}}, 21
; CHECK-NOT: lshr
; CHECK: call void @__kmemsan_klsan_clear(ptr %d, i64 32)
; CHECK-NEXT: br label
  call void @llvm.memset.p0.i64(ptr align 8 %d, i8 0, i64 32, i1 false)
  ret void
}

define void @set_short(ptr %d) {
; CHECK-LABEL: @set_short(
; CHECK-NEXT: call void @llvm.memset.p0.i64(ptr align 4 %d, i8 -1, i64 4, i1 false)
; CHECK: lshr i64 {{%.*}}, 21
; CHECK: call void @__kmemsan_klsan_clobber(ptr %d, i64 4)
  call void @llvm.memset.p0.i64(ptr align 4 %d, i8 -1, i64 4, i1 false)
  ret void
}

define void @set_inline(ptr %d) {
; CHECK-LABEL: @set_inline(
; CHECK-NEXT: call void @llvm.memset.inline.p0.i64(ptr align 8 %d, i8 0, i64 8, i1 false)
; CHECK: call void @__kmemsan_klsan_clear(ptr %d, i64 8)
  call void @llvm.memset.inline.p0.i64(ptr align 8 %d, i8 0, i64 8, i1 false)
  ret void
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
declare void @llvm.memset.inline.p0.i64(ptr, i8, i64, i1)
