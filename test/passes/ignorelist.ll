; Functions named by the ignore list (clang's -fsanitize-ignorelist syntax)
; stay uninstrumented: by fun: pattern, or by src: pattern on the module's
; source file name; sections [kernel-address], [kasan] or none apply.
; RUN: %opt -passes=kmemsan-kasan -kmemsan-ignorelist=%S/Inputs/ignorelist-fun.txt \
; RUN:   -S %s | FileCheck %s --check-prefix=FUN
; RUN: %opt -passes=kmemsan-kasan -kmemsan-ignorelist=%S/Inputs/ignorelist-src.txt \
; RUN:   -S %s | FileCheck %s --check-prefix=SRC
; RUN: sed -e 's,drivers/legacy/,drivers/net/,' %s \
; RUN:   | %opt -passes=kmemsan-kasan -kmemsan-ignorelist=%S/Inputs/ignorelist-src.txt -S \
; RUN:   | FileCheck %s --check-prefix=OTHERSRC
; RUN: %opt -passes=kmemsan-kasan \
; RUN:   -kmemsan-ignorelist=%S/Inputs/ignorelist-kasan-section.txt \
; RUN:   -S %s | FileCheck %s --check-prefix=SECTION
; Several lists add up.
; RUN: %opt -passes=kmemsan-kasan -kmemsan-ignorelist=%S/Inputs/ignorelist-fun.txt \
; RUN:   -kmemsan-ignorelist=%S/Inputs/ignorelist-kasan-section.txt \
; RUN:   -S %s | FileCheck %s --check-prefix=FUN

source_filename = "drivers/legacy/old.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define void @ignored_one(ptr %p) {
; FUN-LABEL: @ignored_one(
; FUN-NEXT: store i32 1, ptr %p
; SRC-LABEL: @ignored_one(
; SRC-NEXT: store i32 1, ptr %p
; OTHERSRC-LABEL: @ignored_one(
; OTHERSRC: call void @__asan_store4_noabort(
; SECTION-LABEL: @ignored_one(
; SECTION: call void @__asan_store4_noabort(
  store i32 1, ptr %p
  ret void
}

define void @exactly_this(ptr %p) {
; FUN-LABEL: @exactly_this(
; FUN-NEXT: store i32 2, ptr %p
; SECTION-LABEL: @exactly_this(
; SECTION-NEXT: store i32 2, ptr %p
  store i32 2, ptr %p
  ret void
}

define void @checked_one(ptr %p) {
; FUN-LABEL: @checked_one(
; FUN: call void @__asan_store4_noabort(
; SRC-LABEL: @checked_one(
; SRC-NEXT: store i32 3, ptr %p
; SECTION-LABEL: @checked_one(
; SECTION: call void @__asan_store4_noabort(
  store i32 3, ptr %p
  ret void
}
