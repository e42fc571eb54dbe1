; KLSan honours KASan's exemptions: disable_sanitizer_instrumentation,
; naked, the "kmemsan_no_sanitize" annotation; and the ignore list, in its
; unsectioned entries and the [klsan] section (not [kasan]'s).
; RUN: printf '[klsan]\nfun:klsan_ignored\n[kasan]\nfun:kasan_ignored\n' > %t.sections
; RUN: printf 'fun:everyone_ignores\n' > %t.plain
; RUN: %opt -passes=kmemsan-klsan -kmemsan-ignorelist=%t.sections \
; RUN:   -kmemsan-ignorelist=%t.plain -S %s | FileCheck %s
; RUN: printf '[klsan]\nsrc:drivers/legacy/*\n' > %t.src
; RUN: %opt -passes=kmemsan-klsan -kmemsan-ignorelist=%t.src -S %s \
; RUN:   | FileCheck %s --check-prefix=SRC

source_filename = "drivers/legacy/old.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@.nosan = private unnamed_addr constant [20 x i8] c"kmemsan_no_sanitize\00", section "llvm.metadata"
@.file = private unnamed_addr constant [4 x i8] c"t.c\00", section "llvm.metadata"
@llvm.global.annotations = appending global [1 x { ptr, ptr, ptr, i32, ptr }] [
  { ptr, ptr, ptr, i32, ptr } { ptr @annotated, ptr @.nosan, ptr @.file, i32 3, ptr null }
], section "llvm.metadata"

define void @plain(ptr %p, ptr %v) {
; CHECK-LABEL: @plain(
; CHECK: call void @__kmemsan_klsan_store(
; SRC-LABEL: @plain(
; SRC-NEXT: store ptr %v, ptr %p
; SRC-NEXT: ret void
  store ptr %v, ptr %p
  ret void
}

define void @disabled(ptr %p, ptr %v) disable_sanitizer_instrumentation {
; CHECK-LABEL: @disabled(
; CHECK-NEXT: store ptr %v, ptr %p
; CHECK-NEXT: ret void
  store ptr %v, ptr %p
  ret void
}

define void @naked(ptr %p, ptr %v) naked {
; CHECK-LABEL: @naked(
; CHECK-NEXT: store ptr %v, ptr %p
; CHECK-NEXT: ret void
  store ptr %v, ptr %p
  ret void
}

define void @annotated(ptr %p, ptr %v) {
; CHECK-LABEL: @annotated(
; CHECK-NEXT: %slot = alloca ptr
; CHECK-NEXT: store ptr %v, ptr %p
; CHECK-NEXT: call void @use(ptr %slot)
; CHECK-NEXT: ret void
  %slot = alloca ptr
  store ptr %v, ptr %p
  call void @use(ptr %slot)
  ret void
}

define void @klsan_ignored(ptr %p, ptr %v) {
; CHECK-LABEL: @klsan_ignored(
; CHECK-NEXT: store ptr %v, ptr %p
; CHECK-NEXT: ret void
  store ptr %v, ptr %p
  ret void
}

define void @everyone_ignores(ptr %p, ptr %v) {
; CHECK-LABEL: @everyone_ignores(
; CHECK-NEXT: store ptr %v, ptr %p
; CHECK-NEXT: ret void
  store ptr %v, ptr %p
  ret void
}

; Another detector's section does not apply to KLSan.
define void @kasan_ignored(ptr %p, ptr %v) {
; CHECK-LABEL: @kasan_ignored(
; CHECK: call void @__kmemsan_klsan_store(
  store ptr %v, ptr %p
  ret void
}

declare void @use(ptr)
