; A store wider than a word is split at its aligned 8-byte offsets: each
; pointer-sized element is a store event of its own (extractvalue or
; extractelement), every other byte a clobber. One guard covers the whole
; store (a value test per pointer word, a tag test per word touched), and
; all the calls share one cold block. Beyond 64 bytes the store calls the
; runtime without a test.
; RUN: %opt -passes=kmemsan-klsan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define void @store_two_ptrs(ptr %p, { ptr, ptr } %v) {
; CHECK-LABEL: @store_two_ptrs(
; CHECK-NEXT: store { ptr, ptr } %v, ptr %p, align 8
; CHECK-NEXT: [[E0:%.*]] = extractvalue { ptr, ptr } %v, 0
; CHECK-NEXT: [[W0:%.*]] = ptrtoint ptr [[E0]] to i64
; CHECK-NEXT: [[E1:%.*]] = extractvalue { ptr, ptr } %v, 1
; CHECK-NEXT: [[W1:%.*]] = ptrtoint ptr [[E1]] to i64
; CHECK-NEXT: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: [[A8:%.*]] = add i64 [[A]], 8
; CHECK: sub i64 [[W0]],
; CHECK: sub i64 [[W1]],
; CHECK: lshr i64 [[A]], 21
; CHECK: lshr i64 [[A8]], 21
; CHECK: call void @__kmemsan_klsan_store(ptr %p, i64 [[W0]])
; CHECK-NEXT: [[P8:%.*]] = getelementptr inbounds i8, ptr %p, i64 8
; CHECK-NEXT: call void @__kmemsan_klsan_store(ptr [[P8]], i64 [[W1]])
; CHECK-NEXT: br label
  store { ptr, ptr } %v, ptr %p, align 8
  ret void
}

define void @store_ptr_vector(ptr %p, <2 x ptr> %v) {
; CHECK-LABEL: @store_ptr_vector(
; CHECK-NEXT: store <2 x ptr> %v, ptr %p, align 16
; CHECK-NEXT: [[I:%.*]] = ptrtoint <2 x ptr> %v to <2 x i64>
; CHECK-NEXT: [[W0:%.*]] = extractelement <2 x i64> [[I]], i64 0
; CHECK-NEXT: [[W1:%.*]] = extractelement <2 x i64> [[I]], i64 1
; CHECK: call void @__kmemsan_klsan_store(ptr %p, i64 [[W0]])
; CHECK: call void @__kmemsan_klsan_store(ptr {{%.*}}, i64 [[W1]])
  store <2 x ptr> %v, ptr %p, align 16
  ret void
}

; { ptr, i32 }: a store event for the pointer, a clobber for the int and
; the tail padding (the store makes those bytes undefined).
define void @store_ptr_and_int(ptr %p, ptr %a, i32 %b) {
; CHECK-LABEL: @store_ptr_and_int(
; CHECK: store { ptr, i32 }
; CHECK: call void @__kmemsan_klsan_store(ptr %p, i64
; CHECK-NEXT: [[P8:%.*]] = getelementptr inbounds i8, ptr %p, i64 8
; CHECK-NEXT: call void @__kmemsan_klsan_clobber(ptr [[P8]], i64 8)
  %s0 = insertvalue { ptr, i32 } poison, ptr %a, 0
  %s1 = insertvalue { ptr, i32 } %s0, i32 %b, 1
  store { ptr, i32 } %s1, ptr %p, align 8
  ret void
}

; An i128 (a 16-byte memcpy the optimizer turned into a load and a store)
; carries two words.
define void @store_i128(ptr %p, i128 %v) {
; CHECK-LABEL: @store_i128(
; CHECK-NEXT: store i128 %v, ptr %p, align 16
; CHECK-NEXT: [[W0:%.*]] = trunc i128 %v to i64
; CHECK-NEXT: [[HI:%.*]] = lshr i128 %v, 64
; CHECK-NEXT: [[W1:%.*]] = trunc i128 [[HI]] to i64
; CHECK: call void @__kmemsan_klsan_store(ptr %p, i64 [[W0]])
; CHECK: call void @__kmemsan_klsan_store(ptr {{%.*}}, i64 [[W1]])
  store i128 %v, ptr %p, align 16
  ret void
}

; Zeroing a 32-byte struct: no value test, four tag tests, store events of 0.
define void @store_zero_vector(ptr %p) {
; CHECK-LABEL: @store_zero_vector(
; CHECK-NEXT: store <4 x i64> zeroinitializer, ptr %p, align 8
; CHECK-NOT: @__kmemsan_klsan_heap_start
; CHECK-COUNT-4: lshr i64 {{%.*}}, 21
; CHECK-NOT: lshr
; CHECK: call void @__kmemsan_klsan_store(ptr %p, i64 0)
  store <4 x i64> zeroinitializer, ptr %p, align 8
  ret void
}

; At an unknown alignment a <4 x i32> touches up to three words; the
; runtime decides between store events and a clobber.
define void @store_v4i32_align4(ptr %p, <4 x i32> %v) {
; CHECK-LABEL: @store_v4i32_align4(
; CHECK-NEXT: store <4 x i32> %v, ptr %p, align 4
; CHECK-NEXT: [[I:%.*]] = bitcast <4 x i32> %v to <2 x i64>
; CHECK: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: add i64 [[A]], 8
; CHECK-NEXT: add i64 [[A]], 15
; CHECK: and i64 [[A]], 7
; CHECK: call void @__kmemsan_klsan_store(ptr %p,
; CHECK: call void @__kmemsan_klsan_clobber(ptr %p, i64 16)
  store <4 x i32> %v, ptr %p, align 4
  ret void
}

; 128 bytes: no inline test; a store call per pointer word.
define void @store_huge(ptr %p, <16 x ptr> %v) {
; CHECK-LABEL: @store_huge(
; CHECK-NEXT: store <16 x ptr> %v, ptr %p, align 8
; CHECK-NOT: br
; CHECK-COUNT-16: call void @__kmemsan_klsan_store(
; CHECK-NEXT: ret void
  store <16 x ptr> %v, ptr %p, align 8
  ret void
}
