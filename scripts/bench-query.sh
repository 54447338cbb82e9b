#!/usr/bin/env bash
# Query benchmark: the same generated flows in a flowsec store and in nfcapd files, then the same questions
# asked of both, RUNS times each, flowsec and nfdump alternating: wall time including process start, best and
# median, the median CPU time (user + system of all threads: comparable when other work shares the machine,
# where wall time is not), and the ratio of the median wall times. The load average is printed first and last.
#
#   scripts/bench-query.sh FLOWS [RUNS]      e.g. scripts/bench-query.sh 20000000 5
#   BENCH_DIR=DIR reuses the stores filled by an earlier run; FLOWSEC_JAR=JAR times another build's queries;
#   FILL_RATE=N sends the flows at N flows/s (default 1,000,000; lower it when other work shares the machine);
#   FILL_ONLY=1 stops once the stores are filled and counted; ONLY=REGEX asks only the questions whose name
#   matches (e.g. ONLY='top-10|count'); FILL_ROTATE=D gives flowsec's collector --rotate D (default 5m): at the
#   fill's 1M flows/s, 347ms lays 100 million flows out in the 288 segments of a day at 100 million a day.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
flows=${1:?flows}; runs=${2:-3}
port=39655
work=${BENCH_DIR:-$(mktemp -d /tmp/flowsec-qbench.XXXXXX)}
[ -f target/flowsec.jar ] || mvn -B -q -DskipTests package
mkdir -p "$work/flowsec" "$work/nfcapd" "$work/empty"
wait_port() { for _ in $(seq 200); do ss -Hlun "sport = :$port" | grep -q . && return 0; sleep 0.05; done; return 1; }
fill() { # $1: collector command; sends the flows at a rate both collectors take loss-free
  "$@" & local pid=$!; wait_port; sleep 0.5
  java -jar target/flowsec.jar generate --target 127.0.0.1:$port --version 5 --flows "$flows" --rate "${FILL_RATE:-1000000}" --ring 65536 --quiet
  sleep 2; kill -TERM $pid; wait $pid || true
}
if [ ! -f "$work/filled" ]; then
  fill java -Xmx2g -jar target/flowsec.jar collect --listen 127.0.0.1:$port --store "$work/flowsec" --rcvbuf 4M --rotate "${FILL_ROTATE:-5m}" 2>/dev/null
  fill nfcapd -w "$work/nfcapd" -p $port -b 127.0.0.1 -B 4194304 -y -t 3600
  touch "$work/filled"
fi
echo "flowsec stored $(java -jar target/flowsec.jar query --store "$work/flowsec" --count --format csv --quiet | tail -1 | cut -d, -f1) flows, nfcapd $(nfdump -R "$work/nfcapd" -I | awk '/^Flows:/ {print $2}')"
[ -z "${FILL_ONLY:-}" ] || exit 0
[ -f "$work/host" ] || java -jar target/flowsec.jar stat --store "$work/flowsec" --by ip --order flows --top 1 --format csv --quiet | tail -1 | cut -d, -f1 > "$work/host"
host=$(cat "$work/host") # the busiest address: found once, it takes a full scan
run_once() { # file, command...: appends "wall cpu" of one run to the file
  local f=$1; shift; local t; t=$(mktemp)
  /usr/bin/time -f '%e %U %S' -o "$t" "$@" >/dev/null 2>&1
  awk '{print $1, $2 + $3}' "$t" >> "$f"; rm -f "$t"
}
report() { # name, file of "wall cpu" lines: best and median wall, median CPU
  printf '%-44s %s\n' "$1" "$(sort -n "$2" | awk '{w[NR]=$1} END {printf "best %.2f s  median %.2f s", w[1], w[int((NR+1)/2)]}')  cpu $(awk '{print $2}' "$2" | sort -n | awk '{c[NR]=$1} END {printf "%.2f s", c[int((NR+1)/2)]}')"
}
median() { sort -n "$1" | awk '{w[NR]=$1} END {print w[int((NR+1)/2)]}'; }
# compare NAME FLOWSEC-ARGS... -- NFDUMP-COMMAND...: RUNS runs of each, alternating, so that a slow phase of a
# shared machine weighs on both alike; then both lines and the ratio of the medians
compare() {
  local name=$1; shift
  [[ -z "${ONLY:-}" || "$name" =~ $ONLY ]] || return 0
  local fs=() nf=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do fs+=("$1"); shift; done
  shift; nf=("$@")
  local a b; a=$(mktemp); b=$(mktemp)
  for _ in $(seq "$runs"); do run_once "$a" "${F[@]}" "${fs[@]}"; run_once "$b" "${nf[@]}"; done
  report "flowsec $name" "$a"; report "nfdump  $name" "$b"
  awk -v f="$(median "$a")" -v n="$(median "$b")" 'BEGIN {printf "%-44s %.2fx\n", "  nfdump / flowsec (medians)", n / f}'
  rm -f "$a" "$b"
}
time_alone() { # name, flowsec args...
  [[ -z "${ONLY:-}" || "$1" =~ $ONLY ]] || return 0
  local name=$1; shift; local a; a=$(mktemp)
  for _ in $(seq "$runs"); do run_once "$a" "${F[@]}" "$@"; done
  report "flowsec $name" "$a"; rm -f "$a"
}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# the JVM options the ./flowsec launcher gives a query (FLOWSEC_JAVA_OPTS overrides them, as there)
F=(java ${FLOWSEC_JAVA_OPTS:--XX:+UseParallelGC -Xms256m} -jar "${FLOWSEC_JAR:-target/flowsec.jar}"); S="$work/flowsec"; N="$work/nfcapd"
compare "count 'proto tcp and dst port 80'" query --store "$S" --count --quiet proto tcp and dst port 80 \
  -- nfdump -R "$N" -o null 'proto tcp and dst port 80'
compare "top-10 sources by bytes" stat --store "$S" --by src_addr --order bytes --top 10 --quiet \
  -- nfdump -R "$N" -s srcip/bytes -n 10
compare "all flows of $host" query --store "$S" --format csv --quiet host "$host" \
  -- nfdump -R "$N" -o csv "host $host"
compare "top 10 of srcip4/24,dst_port" stat --store "$S" --by srcip4/24,dst_port --order flows --top 10 --quiet \
  -- nfdump -R "$N" -A srcip4/24,dstport -O flows -n 10
time_alone "query on an empty store" query --store "$work/empty" --count --quiet
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "stores kept in $work (BENCH_DIR=$work reuses them)"
