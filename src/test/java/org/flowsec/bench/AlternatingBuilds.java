package org.flowsec.bench;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Compares the block codec of two builds in one JVM, round by round in turn, so that both meet the same
 * neighbours on a shared machine (separate runs minutes apart differed by 30 % on the development VM). Each
 * build's classes get their own class loader, with this build's test classes first so that
 * {@link BlockCodecRound} and its flow models are the same for both:
 * <pre>
 * git worktree add /tmp/base BASE &amp;&amp; (cd /tmp/base &amp;&amp; mvn -q -o compile)
 * java -cp target/test-classes org.flowsec.bench.AlternatingBuilds /tmp/base/target/classes target/classes \
 *     "$(cat target/test-cp.txt)" IPV6_SHARE [ROUNDS]
 * </pre>
 * IPV6_SHARE as in {@link BlockCodecRound#setUp}. Prints, per build, the median and minimum of the last two
 * thirds of the rounds (the first third warms the JIT up).
 */
public final class AlternatingBuilds {
    private static final String[] MEASURES = {"encode", "decode all", "decode src_as+dst_port+bytes"};

    private AlternatingBuilds() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: AlternatingBuilds CLASSES_A CLASSES_B DEPENDENCY_CLASSPATH IPV6_SHARE [ROUNDS]");
            System.exit(2);
        }
        double share = Double.parseDouble(args[3]);
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 45;
        Path harness = Path.of(AlternatingBuilds.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Method[] round = new Method[2];
        for (int b = 0; b < 2; b++) {
            List<URL> urls = new ArrayList<>();
            urls.add(harness.toUri().toURL());
            urls.add(Path.of(args[b]).toUri().toURL());
            for (String p : args[2].split(":")) {
                urls.add(Path.of(p).toUri().toURL());
            }
            ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
            Class<?> c = loader.loadClass(BlockCodecRound.class.getName());
            c.getMethod("setUp", double.class).invoke(null, share);
            round[b] = c.getMethod("round");
        }
        double[][][] results = new double[2][rounds][];
        for (int r = 0; r < rounds; r++) {
            for (int b = 0; b < 2; b++) {
                results[b][r] = (double[]) round[b].invoke(null);
            }
        }
        for (int b = 0; b < 2; b++) {
            System.out.printf(Locale.ROOT, "%s (%.2f bytes/flow):", args[b], results[b][0][3]);
            for (int m = 0; m < MEASURES.length; m++) {
                double[] v = new double[rounds - rounds / 3];
                for (int r = rounds / 3; r < rounds; r++) {
                    v[r - rounds / 3] = results[b][r][m];
                }
                Arrays.sort(v);
                System.out.printf(Locale.ROOT, "  %s %.1f (min %.1f)", MEASURES[m], v[v.length / 2], v[0]);
            }
            System.out.println(" ns/flow");
        }
    }
}
