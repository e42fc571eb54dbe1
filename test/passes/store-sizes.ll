; Stores of 1, 2, 4, 8 and 16 bytes call the sized store entry with the
; address as an integer, right before the store, which is kept.
; RUN: %opt -passes=kmemsan-kasan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define void @store1(ptr %p) {
; CHECK-LABEL: @store1(
; CHECK: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: call void @__asan_store1_noabort(i64 [[A]])
; CHECK-NEXT: store i8 1, ptr %p
  store i8 1, ptr %p
  ret void
}

define void @store2(ptr %p) {
; CHECK-LABEL: @store2(
; CHECK: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: call void @__asan_store2_noabort(i64 [[A]])
; CHECK-NEXT: store i16 1, ptr %p
  store i16 1, ptr %p
  ret void
}

define void @store4(ptr %p) {
; CHECK-LABEL: @store4(
; CHECK: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: call void @__asan_store4_noabort(i64 [[A]])
; CHECK-NEXT: store i32 1, ptr %p
  store i32 1, ptr %p
  ret void
}

define void @store8(ptr %p, ptr %v) {
; CHECK-LABEL: @store8(
; CHECK: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: call void @__asan_store8_noabort(i64 [[A]])
; CHECK-NEXT: store ptr %v, ptr %p
  store ptr %v, ptr %p
  ret void
}

define void @storedouble(ptr %p) {
; CHECK-LABEL: @storedouble(
; CHECK: call void @__asan_store8_noabort(
; CHECK-NEXT: store double
  store double 1.0, ptr %p
  ret void
}

define void @store16(ptr %p) {
; CHECK-LABEL: @store16(
; CHECK: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: call void @__asan_store16_noabort(i64 [[A]])
; CHECK-NEXT: store i128 1, ptr %p
  store i128 1, ptr %p
  ret void
}

; A store through a computed address is checked at that address.
define void @store_gep(ptr %p, i64 %i) {
; CHECK-LABEL: @store_gep(
; CHECK: [[G:%.*]] = getelementptr i32, ptr %p, i64 %i
; CHECK: [[A:%.*]] = ptrtoint ptr [[G]] to i64
; CHECK-NEXT: call void @__asan_store4_noabort(i64 [[A]])
; CHECK-NEXT: store i32 7, ptr [[G]]
  %g = getelementptr i32, ptr %p, i64 %i
  store i32 7, ptr %g
  ret void
}
