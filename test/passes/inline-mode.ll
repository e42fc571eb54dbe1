; Inline mode tests the shadow byte (addr >> 3) + offset in place and calls
; the report entry only when the test fails, in a cold block:
;  - under 8 bytes: shadow != 0, then (addr & 7) + size - 1 >= shadow (signed);
;  - 8 aligned bytes: shadow != 0;
;  - 16 bytes aligned to 8: the i16 shadow of both granules != 0;
;  - unaligned or odd sizes: one byte per granule and the last byte, each
;    reporting the whole access with __asan_report_*_n_noabort(addr, size).
; Report calls are nomerge so that each keeps its own call site.
; RUN: %opt -passes=kmemsan-kasan -kmemsan-kasan-mode=inline \
; RUN:   -kmemsan-shadow-offset=0x10000 -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define i32 @load4(ptr %p) {
; CHECK-LABEL: @load4(
; CHECK: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: [[S1:%.*]] = lshr i64 [[A]], 3
; CHECK-NEXT: [[S2:%.*]] = add i64 [[S1]], 65536
; CHECK-NEXT: [[SP:%.*]] = inttoptr i64 [[S2]] to ptr
; CHECK-NEXT: [[SV:%.*]] = load i8, ptr [[SP]], align 1, !nosanitize
; CHECK-NEXT: [[NZ:%.*]] = icmp ne i8 [[SV]], 0
; CHECK-NEXT: br i1 [[NZ]], label %[[SLOW:.*]], label %[[OK:.*]], !prof [[COLD:![0-9]+]]
; CHECK: [[SLOW]]:
; CHECK-NEXT: [[LO:%.*]] = and i64 [[A]], 7
; CHECK-NEXT: [[LAST:%.*]] = add i64 [[LO]], 3
; CHECK-NEXT: [[L8:%.*]] = trunc i64 [[LAST]] to i8
; CHECK-NEXT: [[BAD:%.*]] = icmp sge i8 [[L8]], [[SV]]
; CHECK-NEXT: br i1 [[BAD]], label %[[REP:.*]], label %{{.*}}, !prof [[COLD]]
; CHECK: [[REP]]:
; CHECK-NEXT: call void @__asan_report_load4_noabort(i64 [[A]]) [[NOMERGE:#[0-9]+]]
; CHECK: [[OK]]:
; CHECK-NEXT: load i32, ptr %p
; CHECK-NOT: call void @__asan_load4
  %v = load i32, ptr %p, align 4
  ret i32 %v
}

define void @store1(ptr %p) {
; CHECK-LABEL: @store1(
; CHECK: load i8, ptr {{%.*}}, align 1, !nosanitize
; CHECK: [[LO:%.*]] = and i64 {{%.*}}, 7
; CHECK-NEXT: trunc i64 [[LO]] to i8
; CHECK: call void @__asan_report_store1_noabort(
; CHECK: store i8 0, ptr %p
  store i8 0, ptr %p, align 1
  ret void
}

define void @store8(ptr %p) {
; CHECK-LABEL: @store8(
; CHECK: [[SV:%.*]] = load i8, ptr {{%.*}}, align 1, !nosanitize
; CHECK-NEXT: [[NZ:%.*]] = icmp ne i8 [[SV]], 0
; CHECK-NEXT: br i1 [[NZ]], label %[[REP:.*]], label %[[OK:.*]], !prof
; CHECK: [[REP]]:
; CHECK-NEXT: call void @__asan_report_store8_noabort(
; CHECK: [[OK]]:
; CHECK-NEXT: store i64 0, ptr %p
  store i64 0, ptr %p, align 8
  ret void
}

define i128 @load16(ptr %p) {
; CHECK-LABEL: @load16(
; CHECK: [[SV:%.*]] = load i16, ptr {{%.*}}, align 1, !nosanitize
; CHECK-NEXT: icmp ne i16 [[SV]], 0
; CHECK: call void @__asan_report_load16_noabort(
; CHECK: load i128, ptr %p
  %v = load i128, ptr %p, align 8
  ret i128 %v
}

; Unaligned 4 bytes may straddle two granules: first and last byte.
define i32 @load4_unaligned(ptr %p) {
; CHECK-LABEL: @load4_unaligned(
; CHECK: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK: load i8, {{.*}}!nosanitize
; CHECK: call void @__asan_report_load_n_noabort(i64 [[A]], i64 4)
; CHECK: [[LAST:%.*]] = add i64 [[A]], 3
; CHECK: lshr i64 [[LAST]], 3
; CHECK: load i8, {{.*}}!nosanitize
; CHECK: call void @__asan_report_load_n_noabort(i64 [[A]], i64 4)
; CHECK: load i32, ptr %p, align 1
  %v = load i32, ptr %p, align 1
  ret i32 %v
}

; 12 bytes: bytes 0 and 8, then the last byte (11).
define void @store12(ptr %p) {
; CHECK-LABEL: @store12(
; CHECK: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK: call void @__asan_report_store_n_noabort(i64 [[A]], i64 12)
; CHECK: add i64 [[A]], 8
; CHECK: call void @__asan_report_store_n_noabort(i64 [[A]], i64 12)
; CHECK: add i64 [[A]], 11
; CHECK: call void @__asan_report_store_n_noabort(i64 [[A]], i64 12)
; CHECK: store i96 0, ptr %p
  store i96 0, ptr %p, align 4
  ret void
}

; A short constant copy stays an inline copy behind its own test: the OR of
; the shadow bytes of every granule of both ranges (offsets 0 and 8, and the
; last byte, 15, for an unaligned start). All zero runs the inline copy
; (marked !kmemsan.guarded, so no second check); anything else, in a cold
; block, calls __asan_memcpy, which checks byte by byte, reports a bad range
; and then does not copy, as the kernel's KASAN does.
define void @copy16(ptr %d, ptr %s) {
; CHECK-LABEL: @copy16(
; CHECK: [[D:%.*]] = ptrtoint ptr %d to i64
; CHECK: lshr i64 [[D]], 3
; CHECK: load i8, ptr {{%.*}}, align 1, !nosanitize
; CHECK: add i64 [[D]], 8
; CHECK: add i64 [[D]], 15
; CHECK: [[S:%.*]] = ptrtoint ptr %s to i64
; CHECK: add i64 [[S]], 8
; CHECK: add i64 [[S]], 15
; CHECK: [[BAD:%.*]] = icmp ne i8 {{%.*}}, 0
; CHECK-NEXT: br i1 [[BAD]], label %[[SLOW:.*]], label %[[FAST:.*]], !prof
; CHECK: [[SLOW]]:
; CHECK-NEXT: call ptr @__asan_memcpy(ptr %d, ptr %s, i64 16)
; CHECK: [[FAST]]:
; CHECK-NEXT: call void @llvm.memcpy.inline.p0.p0.i64(ptr %d, ptr %s, i64 16, i1 false), !kmemsan.guarded
; CHECK-NOT: __asan_loadN
; CHECK-NOT: __asan_storeN
; CHECK: ret void
  call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %s, i64 16, i1 false)
  ret void
}

; A short memset into a local array needs no test at all: it provably
; stays inside the alloca.
define void @set_local() {
; CHECK-LABEL: @set_local(
; CHECK-NOT: kmemsan.shadow
; CHECK-NOT: @__asan
; CHECK: call void @llvm.memset.inline.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
; CHECK-NOT: !kmemsan.guarded
; CHECK: ret void
  %buf = alloca [32 x i8], align 8
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @use(ptr %buf)
  ret void
}

declare void @use(ptr)
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

; CHECK-DAG: attributes [[NOMERGE]] = { nomerge }
; CHECK-DAG: [[COLD]] = !{!"branch_weights", i32 1, i32 {{[0-9]+}}}
