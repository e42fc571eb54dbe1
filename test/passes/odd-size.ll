; Accesses whose size has no sized entry (3, 10, 12, 24 bytes) call
; __asan_{load,store}N_noabort(addr, size).
; RUN: %opt -passes=kmemsan-kasan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define i24 @load3(ptr %p) {
; CHECK-LABEL: @load3(
; CHECK: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: call void @__asan_loadN_noabort(i64 [[A]], i64 3)
; CHECK-NEXT: load i24, ptr %p
  %v = load i24, ptr %p
  ret i24 %v
}

define void @store12(ptr %p) {
; CHECK-LABEL: @store12(
; CHECK: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: call void @__asan_storeN_noabort(i64 [[A]], i64 12)
; CHECK-NEXT: store i96 0, ptr %p
  store i96 0, ptr %p
  ret void
}

; x86_fp80 stores 10 bytes (its 16-byte alloc size is padding).
define x86_fp80 @load10(ptr %p) {
; CHECK-LABEL: @load10(
; CHECK: call void @__asan_loadN_noabort(i64 {{%.*}}, i64 10)
; CHECK-NEXT: load x86_fp80, ptr %p
  %v = load x86_fp80, ptr %p
  ret x86_fp80 %v
}

define [3 x i64] @load24(ptr %p) {
; CHECK-LABEL: @load24(
; CHECK: call void @__asan_loadN_noabort(i64 {{%.*}}, i64 24)
; CHECK-NEXT: load [3 x i64], ptr %p
  %v = load [3 x i64], ptr %p
  ret [3 x i64] %v
}

; CHECK-NOT: __asan_load3
