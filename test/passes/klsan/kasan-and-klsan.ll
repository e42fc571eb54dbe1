; With both detectors, KASan runs first: the order at a store is KASan's
; check, the store, KLSan's test. KLSan's tag-shadow and heap-range loads
; carry !nosanitize, so KASan never checks them (whichever pass runs
; first), and KLSan leaves KASan's own stores (frame header, shadow) alone.
; RUN: %opt -passes=kmemsan-kasan,kmemsan-klsan -S %s \
; RUN:   | FileCheck %s --check-prefixes=CHECK,OUTLINE
; RUN: %opt -passes=kmemsan-kasan,kmemsan-klsan -kmemsan-kasan-mode=inline -S %s \
; RUN:   | FileCheck %s --check-prefixes=CHECK,INLINE
; RUN: %opt -passes=kmemsan-klsan,kmemsan-kasan -S %s \
; RUN:   | FileCheck %s --check-prefix=REVERSED
; RUN: %opt -passes='default<O2>' -kmemsan-klsan=1 -S %s \
; RUN:   | FileCheck %s --check-prefixes=CHECK,OUTLINE
; RUN: %opt -passes=kmemsan-kasan,kmemsan-klsan -kmemsan-stack=1 -S %s \
; RUN:   | FileCheck %s --check-prefix=STACK

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @use(ptr)

define void @store_ptr(ptr %p, ptr %v) {
; CHECK-LABEL: @store_ptr(
; OUTLINE: call void @__asan_store8_noabort(
; INLINE: load i8, ptr {{%.*}}, align 1, !nosanitize
; INLINE: call void @__asan_report_store8_noabort(
; CHECK: store ptr %v, ptr %p, align 8
; CHECK-NOT: @__asan_
; CHECK: load i64, ptr @__kmemsan_klsan_heap_start
; CHECK-NOT: @__asan_
; CHECK: [[CHUNK:%.*]] = load i64, ptr {{%.*}}, align 8, !nosanitize
; CHECK-NOT: @__asan_
; CHECK: [[TAG:%.*]] = load i64, ptr {{%.*}}, align 8, !nosanitize
; CHECK-NOT: @__asan_
; CHECK: call void @__kmemsan_klsan_store(ptr %p,
; CHECK-NOT: @__asan_
; CHECK: ret void
; REVERSED-LABEL: @store_ptr(
; REVERSED: call void @__asan_store8_noabort(
; REVERSED-NEXT: store ptr %v, ptr %p
; REVERSED-NOT: @__asan_load
; REVERSED: call void @__kmemsan_klsan_store(ptr %p,
; REVERSED-NOT: @__asan_load
; REVERSED: ret void
  store ptr %v, ptr %p, align 8
  ret void
}

; KASan's frame header words (magic, description, function) are stored
; with !nosanitize: no store events for them, one for the program's store.
define void @frame(ptr %v) {
; STACK-LABEL: @frame(
; STACK: %kmemsan.frame = alloca
; STACK-NOT: @__kmemsan_klsan_store
; STACK: store ptr %v, ptr %slot
; STACK-NOT: @__kmemsan_klsan_store
; STACK: call void @__kmemsan_klsan_store(ptr %slot,
; STACK-NOT: @__kmemsan_klsan_store
; The merged frame is just another slot: dropped before the return.
; STACK: call void @__kmemsan_klsan_scope_exit(ptr %kmemsan.frame, i64 64)
; STACK-NOT: @__kmemsan_klsan_store
; STACK: ret void
  %slot = alloca ptr, align 8
  store ptr %v, ptr %slot, align 8
  call void @use(ptr %slot)
  ret void
}
