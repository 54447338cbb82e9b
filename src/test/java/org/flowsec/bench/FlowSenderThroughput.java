package org.flowsec.bench;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.Locale;
import org.flowsec.generate.FlowSender;
import org.flowsec.generate.GeneratorConfig;
import org.flowsec.generate.ProgressListener;
import org.flowsec.generate.SendResult;

/**
 * Measures FlowSender's send rate per export version on loopback, to a bound socket that nobody reads (so
 * every datagram costs a real send and a dropped receive, as against a busy collector), then how closely
 * pacing holds a few target rates. Not JMH: the quantity is a system-call loop's throughput over seconds.
 * <pre>
 * mvn -q -o test-compile &amp;&amp; mvn -q -o dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp target/classes:target/test-classes:$(cat cp.txt) org.flowsec.bench.FlowSenderThroughput [flows]
 * </pre>
 */
public final class FlowSenderThroughput {
    private FlowSenderThroughput() {}

    public static void main(String[] args) throws Exception {
        long flows = args.length > 0 ? Long.parseLong(args[0]) : 20_000_000L;
        try (DatagramChannel sink = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            InetSocketAddress target = (InetSocketAddress) sink.getLocalAddress();
            for (int version : new int[] {5, 9, 10}) {
                // the first run compiles the send loop; the next ones measure it
                for (int rep = 0; rep < 4; rep++) {
                    run(rep == 0 ? "warm-up" : "unpaced", GeneratorConfig.of(target, version, flows));
                }
            }
            for (long rate : new long[] {1_000, 100_000, 1_000_000, 5_000_000, 10_000_000}) {
                long n = Math.max(5_000, Math.min(flows, rate * 3)); // about three seconds each
                run("paced " + rate, GeneratorConfig.of(target, 5, n).withRate(rate));
            }
        }
    }

    private static void run(String label, GeneratorConfig config) throws Exception {
        SendResult r = new FlowSender().run(config, ProgressListener.NONE);
        System.out.printf(Locale.ROOT, "%-16s v%-2d %,12d flows %,10d datagrams %7.3f s %,12.0f flows/s %,10.0f datagrams/s %6.1f MB/s%n",
                label, config.version(), r.flows(), r.datagrams(), r.elapsedNanos() / 1e9, r.flowsPerSecond(),
                r.datagramsPerSecond(), r.bytes() / (r.elapsedNanos() / 1e9) / 1e6);
    }
}
