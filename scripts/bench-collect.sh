#!/usr/bin/env bash
# End-to-end collector benchmark: flowsec and nfdump's nfcapd, side by side, on the same generated
# stream (flowsec generate, a separate process, over loopback) with the same socket buffer.
#
#   scripts/bench-collect.sh VERSION FLOWS RATE [RUNS]
#     VERSION 5, 9 or 10; FLOWS per run; RATE flows/s (0 = burst at the sender's top speed)
#
# Prints one line per collector and run: flows sent and the rate the sender really reached, flows stored, loss %, collector CPU ns/flow,
# bytes/flow on disk. nfcapd runs with LZ4 (-y); set NFCAPD_COMPRESSION=-j for bzip2, =-z for LZO.
# flowsec's receive threads ask for nice -10 (collect --receive-nice, granted to root); NFCAPD_NICE=-10 runs
# nfcapd (one thread) at that nice value too, so both get the same head start over the sender.
# FLOWSEC_ARGS adds collect options, e.g. FLOWSEC_ARGS=--detect runs every detector beside the store; the
# collector's detection summary (flows detected, skipped while behind) is printed after its line.
# WARM=N first sends N other flows at 1M flows/s and waits for the collector to go idle, so the measured
# stream meets a collector that has run (JIT-compiled, buffers in use) rather than one just started; those
# N flows are left out of the counts (the warm-up is assumed loss-free; flowsec's count of it is checked).
# FLOWSEC_JAR=JAR runs another build as the collector (the sender stays target/flowsec.jar); NFCAPD=0 skips
# nfcapd, e.g. to alternate two builds: for i in 1 2 3; do FLOWSEC_JAR=old.jar NFCAPD=0 ...; NFCAPD=0 ...; done
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
version=${1:?version 5, 9 or 10}; flows=${2:?flows}; rate=${3:?rate, 0 for burst}; runs=${4:-1}
buf=4194304
port=39555
tick=$(getconf CLK_TCK)
work=$(mktemp -d /tmp/flowsec-bench.XXXXXX)
trap 'pkill -f "nfcapd -w $work" 2>/dev/null || true; rm -rf "$work"' EXIT
[ -f target/flowsec.jar ] || mvn -B -q -DskipTests package
jar=${FLOWSEC_JAR:-target/flowsec.jar}
java_opts="-XX:+UseG1GC -Xms1g"   # the collector's JVM options, as the ./flowsec launcher picks them

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
wait_port() { for _ in $(seq 200); do ss -Hlun "sport = :$port" | grep -q . && return 0; sleep 0.05; done; echo "collector did not bind" >&2; return 1; }
send() { # sets $sent_rate: the flows/s the sender really reached (its summary line), which can fall short of RATE
  java -XX:+UseParallelGC -jar target/flowsec.jar generate --target 127.0.0.1:$port --version "$version" \
    --flows "$flows" --rate "$rate" --ring 65536 2>"$work/sender.log"
  sent_rate=$(tr '\r' '\n' <"$work/sender.log" | awk '/^Summary:/ {for (i = 1; i < NF; i++) if ($(i+1) == "flows/s,") print $i}')
}
warm=${WARM:-0}
warm_up() { # sends the WARM flows, if any, and waits until the collector has stored them
  [ "$warm" -gt 0 ] || return 0
  java -XX:+UseParallelGC -jar target/flowsec.jar generate --target 127.0.0.1:$port --version "$version" \
    --flows "$warm" --rate 1000000 --ring 65536 --seed 2 --quiet
  settle "$1"
}
settle() { # wait until the collector's CPU stops moving (it has drained its socket)
  local pid=$1 last=-1 now
  for _ in $(seq 100); do now=$(cpu_ticks "$pid"); [ "$now" = "$last" ] && return; last=$now; sleep 0.3; done
}

for run in $(seq "$runs"); do
  # flowsec
  d="$work/flowsec-$run"; mkdir -p "$d"
  java $java_opts -jar "$jar" collect --listen 127.0.0.1:$port --store "$d" --rcvbuf $buf --receive-queue 256M ${FLOWSEC_ARGS:-} 2>"$work/flowsec.log" &
  pid=$!; wait_port; sleep 0.5
  warm_up $pid
  if [ "$warm" -gt 0 ]; then
    sleep 1.5 # the journal is readable within a flush interval
    got=$(java -jar "$jar" query --store "$d" --count --format csv --quiet | tail -1 | cut -d, -f1)
    [ "$got" = "$warm" ] || echo "warning: flowsec stored $got of the $warm warm-up flows" >&2
  fi
  c0=$(cpu_ticks $pid); send; settle $pid; c1=$(cpu_ticks $pid)
  kill -TERM $pid; wait $pid || true
  total=$(java -jar "$jar" query --store "$d" --count --format csv --quiet | tail -1 | cut -d, -f1)
  stored=$((total - warm))
  bytes=$(find "$d" -type f -name '*.fsg' -printf '%s\n' | awk '{s+=$1} END {print s+0}')
  awk -v who=flowsec -v v="$version" -v n="$flows" -v s="$stored" -v c=$((c1 - c0)) -v t="$tick" -v b="$bytes" -v r="$rate" -v w="${sent_rate:-0}" -v all="${total:-0}" \
    'BEGIN {printf "%-8s v%-2s rate %-9s sent %d at %.2fM/s stored %d loss %.3f%% cpu %.0f ns/flow disk %.2f B/flow\n", who, v, r, n, w/1e6, s, 100*(n-s)/n, c/t*1e9/(s>0?s:1), b/(all>0?all:1)}'
  grep -h '^detection:' "$work/flowsec.log" | sed 's/^/         /' || true
  [ "${NFCAPD:-1}" = 0 ] && continue
  # nfcapd
  d="$work/nfcapd-$run"; mkdir -p "$d"
  nice -n "${NFCAPD_NICE:-0}" nfcapd -w "$d" -p $port -b 127.0.0.1 -B $buf -t 3600 ${NFCAPD_COMPRESSION:--y} >"$work/nfcapd.log" 2>&1 &
  pid=$!; wait_port; sleep 0.5
  warm_up $pid
  c0=$(cpu_ticks $pid); send; settle $pid; c1=$(cpu_ticks $pid)
  kill -TERM $pid; wait $pid || true
  total=$(nfdump -R "$d" -I 2>/dev/null | awk '/^Flows:/ {print $2}')
  stored=$(( ${total:-0} - warm ))
  bytes=$(find "$d" -type f -name 'nfcapd.*' -printf '%s\n' | awk '{s+=$1} END {print s+0}')
  awk -v who=nfcapd -v v="$version" -v n="$flows" -v s="${stored:-0}" -v c=$((c1 - c0)) -v t="$tick" -v b="$bytes" -v r="$rate" -v w="${sent_rate:-0}" -v all="${total:-0}" \
    'BEGIN {printf "%-8s v%-2s rate %-9s sent %d at %.2fM/s stored %d loss %.3f%% cpu %.0f ns/flow disk %.2f B/flow\n", who, v, r, n, w/1e6, s, 100*(n-s)/n, c/t*1e9/(s>0?s:1), b/(all>0?all:1)}'
done
