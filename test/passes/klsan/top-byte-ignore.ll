; With -kmemsan-klsan-top-byte-ignore the value test masks the stored
; value's top byte (a pointer tag) before the heap-range compare; without
; it the value is compared as it is. The runtime gets the unmasked value
; (an integer argument or constant: through __kmemsan_klsan_store_int).
; RUN: %opt -passes=kmemsan-klsan -S %s | FileCheck %s --check-prefix=PLAIN
; RUN: %opt -passes=kmemsan-klsan -kmemsan-klsan-top-byte-ignore -S %s \
; RUN:   | FileCheck %s --check-prefix=TBI

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define void @f(ptr %p, i64 %v) {
; PLAIN-LABEL: @f(
; PLAIN-NOT: and i64 %v
; PLAIN: [[START:%.*]] = load i64, ptr @__kmemsan_klsan_heap_start
; PLAIN: sub i64 %v, [[START]]
; PLAIN: call void @__kmemsan_klsan_store_int(ptr %p, i64 %v)
; TBI-LABEL: @f(
; TBI: [[START:%.*]] = load i64, ptr @__kmemsan_klsan_heap_start
; TBI: [[M:%.*]] = and i64 %v, 72057594037927935
; TBI-NEXT: sub i64 [[M]], [[START]]
; TBI: call void @__kmemsan_klsan_store_int(ptr %p, i64 %v)
  store i64 %v, ptr %p, align 8
  ret void
}

; A constant whose low 56 bits are small is no reference either way under
; TBI (a tagged null): no value test.
define void @tagged_null(ptr %p) {
; TBI-LABEL: @tagged_null(
; TBI-NOT: @__kmemsan_klsan_heap_start
; TBI: call void @__kmemsan_klsan_store_int(ptr %p, i64 -72057594037927936)
; PLAIN-LABEL: @tagged_null(
; PLAIN: @__kmemsan_klsan_heap_start
  store i64 -72057594037927936, ptr %p, align 8
  ret void
}
