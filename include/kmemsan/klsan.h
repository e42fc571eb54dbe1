/*
 * KLSan annotations for instrumented code, with kmemleak's meanings:
 *
 *   kmemleak_not_leak(p)  P is not a leak, whatever happens to its references
 *   kmemleak_ignore(p)    P is not tracked: never reported, and its contents
 *                         are not scanned for references
 *   kmemleak_no_scan(p)   P is tracked, but its contents are not scanned
 *
 * The kmemsan_* names are the product's own; the kmemleak_* names map onto
 * them so existing kernel annotations keep working.
 */
#ifndef KMEMSAN_KLSAN_H
#define KMEMSAN_KLSAN_H

#ifdef __cplusplus
extern "C" {
#endif

void kmemsan_not_leak(const void *p);
void kmemsan_ignore(const void *p);
void kmemsan_no_scan(const void *p);

#define kmemleak_not_leak(p) kmemsan_not_leak(p)
#define kmemleak_ignore(p) kmemsan_ignore(p)
#define kmemleak_no_scan(p) kmemsan_no_scan(p)

#ifdef __cplusplus
}
#endif

#endif /* KMEMSAN_KLSAN_H */
