#!/usr/bin/env bash
# Runs the JMH micro-benchmarks (src/test/java/org/flowsec/bench) with any JMH arguments, e.g.
#   scripts/jmh.sh DecodeBenchmark -f 1 -wi 3 -i 5 -prof gc
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test >&2
exec java -cp "target/test-classes:target/classes:$(cat target/test-cp.txt)" org.openjdk.jmh.Main "$@"
