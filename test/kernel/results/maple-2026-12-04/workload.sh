#!/bin/busybox sh
# test_maple_tree alone, timed (the real profile's kernel and initramfs),
# with KLSan's confirmation counts every 2 minutes.
up() { cut -d' ' -f1 /proc/uptime; }
( while :; do sleep 120; echo "kmemsan-stat at $(up) s: $(grep -h 'confirmations\|late\|longest with' /sys/kernel/debug/kmemsan | tr '\n' ' ')"; done ) &
stat=$!
( sleep 20; for s in .text .init.text .data; do echo "maple-section $s $(cat /sys/module/test_maple_tree/sections/$s)"; done ) &
echo "kmemsan-work: module test_maple_tree at $(up) s"
insmod /modules/test_maple_tree.ko
echo "kmemsan-work: maple_tree done at $(up) s"
kill $stat
cat /sys/kernel/debug/kmemsan
