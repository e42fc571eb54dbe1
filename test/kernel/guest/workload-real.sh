#!/bin/busybox sh
# The real profile's guest workload (tools/kmemsan-kernel --profile real):
# run by the initramfs's /init before the kmemleak sample, on every CPU at
# once, bounded in time. Each part prints "kmemsan-work: <part> ..." so that
# a report's place in the log says what was running.
#
#   /workload.sh SECONDS
#
# Parts, four of them in parallel per round (one per CPU):
#   proc   process churn: fork/exec loops, pipelines, short-lived processes
#   fs     file-system churn on tmpfs and ext4: create, write, rename,
#          unlink, directories, a few thousand files
#   net    TCP over loopback (busybox httpd and wget, nc), UDP (logger to a
#          remote syslog address, nslookup to a closed port), ICMP (ping)
#   sys    reads of /proc and /sys
# then, alone: module load/unload loops of the data-structure test modules
# (XArray, maple tree, rbtree, rhashtable, IDA), whose own results are
# checked by tools/kmemsan-kernel-summary.
DURATION=${1:-120}
up() { cut -d' ' -f1 /proc/uptime; }
now() { cut -d. -f1 /proc/uptime; }
END=$(( $(now) + DURATION ))
left() { [ "$(now)" -lt "$END" ]; }

proc_churn() {
	n=0
	while left; do
		for i in 1 2 3 4 5 6 7 8 9 10; do
			sh -c 'exit 0'
			/bin/true
			echo "$i" | cat | wc -c > /dev/null
		done
		seq 1 200 | sort -r | uniq | tail -n 3 > /dev/null
		( sleep 0.01 & sleep 0.01 & wait )
		xargs -n 2 echo < /proc/self/status > /dev/null
		n=$((n + 1))
	done
	echo "kmemsan-work: proc done, $n rounds at $(up) s"
}

fs_churn() {
	n=0
	while left; do
		for base in /tmp/work /mnt/work; do
			mkdir -p $base/d$n
			i=0
			while [ $i -lt 100 ]; do
				echo "file $i of round $n" > $base/d$n/f$i
				i=$((i + 1))
			done
			dd if=/dev/zero of=$base/d$n/big bs=4k count=64 2> /dev/null
			for f in $base/d$n/f1 $base/d$n/f2 $base/d$n/f3; do mv $f $f.renamed; done
			ln -s $base/d$n/big $base/d$n/link
			cat $base/d$n/f5* > /dev/null
			ls -lR $base/d$n > /dev/null
			[ $((n % 3)) = 2 ] && rm -r $base/d$((n - 2))
		done
		sync
		n=$((n + 1))
	done
	rm -rf /tmp/work /mnt/work
	sync
	echo "kmemsan-work: fs done, $n rounds ($((n * 200)) files) at $(up) s"
}

net_churn() {
	n=0
	mkdir -p /www
	dd if=/dev/urandom of=/www/blob bs=1k count=64 2> /dev/null
	httpd -p 127.0.0.1:8080 -h /www
	syslogd -n -R 127.0.0.1:5514 &
	slog=$!
	while left; do
		wget -q -O /dev/null http://127.0.0.1:8080/blob
		wget -q -O - http://127.0.0.1:8080/missing > /dev/null 2>&1
		( nc -l -p 9000 > /dev/null & sleep 0.1; echo "tcp $n" | nc -w 1 127.0.0.1 9000; wait ) 2> /dev/null
		logger -t kmemsan "udp $n"
		nslookup kmemsan.invalid 127.0.0.1 > /dev/null 2>&1
		ping -c 2 -i 0.2 -W 1 127.0.0.1 > /dev/null
		n=$((n + 1))
	done
	kill $slog 2> /dev/null
	killall httpd 2> /dev/null
	wait $slog 2> /dev/null
	echo "kmemsan-work: net done, $n rounds at $(up) s"
}

sys_reads() {
	n=0
	while left; do
		for f in /proc/meminfo /proc/slabinfo /proc/vmstat /proc/interrupts \
			 /proc/self/maps /proc/self/smaps /proc/modules /proc/net/tcp \
			 /proc/net/udp /proc/net/dev /proc/stat /proc/loadavg; do
			cat $f > /dev/null 2>&1
		done
		for p in /proc/[0-9]*; do
			cat $p/stat $p/cmdline $p/status > /dev/null 2>&1
		done
		find /sys/kernel /sys/class/net /sys/block -maxdepth 3 -type f 2> /dev/null |
			head -n 300 | while read f; do cat "$f" > /dev/null 2>&1; done
		n=$((n + 1))
	done
	echo "kmemsan-work: sys done, $n rounds at $(up) s"
}

echo "kmemsan-work: start at $(up) s, $(nproc) CPUs, ${DURATION} s"
proc_churn &
fs_churn &
net_churn &
sys_reads &
wait
echo "kmemsan-work: parallel part done at $(up) s"

# The data-structure test modules, loaded and unloaded several times: the
# heavy ones (XArray, maple tree: tens of minutes each under emulation with
# both detectors) in the first round only, the light ones in every round.
modload() { # modload NAME ROUND [PARAMS...]
	m=$1 round=$2
	shift 2
	[ -f /modules/$m.ko ] || { echo "kmemsan-work: module $m missing"; return; }
	echo "kmemsan-work: module $m round $round at $(up) s"
	insmod /modules/$m.ko "$@"
	rmmod $m 2> /dev/null
}
for round in 1 2 3; do
	modload test_ida $round
	modload rbtree_test $round perf_loops=10 check_loops=10
	if [ $round = 1 ]; then
		modload test_xarray $round
		modload test_maple_tree $round
		modload test_rhashtable $round parm_entries=5000 tcount=4 runs=1
	else
		modload test_rhashtable $round parm_entries=500 tcount=2 runs=1
	fi
done
echo "kmemsan-work: modules done at $(up) s"
