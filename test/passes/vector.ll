; A vector load or store is one access of the whole vector's store size.
; Masked loads/stores are not checked: their masked-off lanes may lie past
; the end of an object by design (vectorized loop tails), so a whole-range
; check would report accesses that never happen.
; RUN: %opt -passes=kmemsan-kasan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define <4 x i32> @load_v4i32(ptr %p) {
; CHECK-LABEL: @load_v4i32(
; CHECK: call void @__asan_load16_noabort(
; CHECK-NEXT: load <4 x i32>, ptr %p
  %v = load <4 x i32>, ptr %p
  ret <4 x i32> %v
}

define <2 x float> @load_v2f32(ptr %p) {
; CHECK-LABEL: @load_v2f32(
; CHECK: call void @__asan_load8_noabort(
; CHECK-NEXT: load <2 x float>, ptr %p
  %v = load <2 x float>, ptr %p
  ret <2 x float> %v
}

define void @store_v16i8(ptr %p, <16 x i8> %v) {
; CHECK-LABEL: @store_v16i8(
; CHECK: call void @__asan_store16_noabort(
; CHECK-NEXT: store <16 x i8> %v, ptr %p
  store <16 x i8> %v, ptr %p
  ret void
}

define void @store_v8i32(ptr %p, <8 x i32> %v) {
; CHECK-LABEL: @store_v8i32(
; CHECK: call void @__asan_storeN_noabort(i64 {{%.*}}, i64 32)
; CHECK-NEXT: store <8 x i32> %v, ptr %p
  store <8 x i32> %v, ptr %p
  ret void
}

; <3 x i32> stores 12 bytes.
define <3 x i32> @load_v3i32(ptr %p) {
; CHECK-LABEL: @load_v3i32(
; CHECK: call void @__asan_loadN_noabort(i64 {{%.*}}, i64 12)
; CHECK-NEXT: load <3 x i32>, ptr %p
  %v = load <3 x i32>, ptr %p
  ret <3 x i32> %v
}

define <4 x i32> @masked(ptr %p, <4 x i1> %m, <4 x i32> %v) {
; CHECK-LABEL: @masked(
; CHECK-NOT: call void @__asan
; CHECK: call <4 x i32> @llvm.masked.load
; CHECK-NOT: call void @__asan
; CHECK: call void @llvm.masked.store
; CHECK-NOT: call void @__asan
; CHECK: ret <4 x i32>
  %l = call <4 x i32> @llvm.masked.load.v4i32.p0(ptr %p, i32 4, <4 x i1> %m, <4 x i32> %v)
  call void @llvm.masked.store.v4i32.p0(<4 x i32> %l, ptr %p, i32 4, <4 x i1> %m)
  ret <4 x i32> %l
}

declare <4 x i32> @llvm.masked.load.v4i32.p0(ptr, i32, <4 x i1>, <4 x i32>)
declare void @llvm.masked.store.v4i32.p0(<4 x i32>, ptr, i32, <4 x i1>)
