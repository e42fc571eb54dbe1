; Every module KLSan instruments defines the weak byte
; @__kmemsan_klsan_linked = 1, once (a second run adds no second one): the
; hosted runtime turns KLSan on when such code is linked in. KASan leaves
; it alone (no_sanitize_address).
; RUN: %opt -passes=kmemsan-klsan -S %s | FileCheck %s
; RUN: %opt -passes=kmemsan-klsan,kmemsan-klsan -S %s | FileCheck %s
; RUN: %opt -passes=kmemsan-klsan,kmemsan-kasan -S %s | FileCheck %s
; Without KLSan there is no marker.
; RUN: %opt -passes=kmemsan-kasan -S %s | FileCheck %s --check-prefix=NONE

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; CHECK: @__kmemsan_klsan_linked = weak global i8 1, no_sanitize_address
; CHECK-NOT: @__kmemsan_klsan_linked =
; NONE-NOT: __kmemsan_klsan_linked

define i32 @f(i32 %x) {
  ret i32 %x
}
