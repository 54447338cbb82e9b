package org.flowsec.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.flowsec.cli.Main;

/**
 * Runs one flowsec command in-process several times and prints, per run, the wall time and the CPU time of
 * the whole process (all threads: workers, JIT, GC) spent in it. The first run includes class loading and a
 * cold JIT, as a fresh {@code flowsec} process does; later runs show the steady state. CPU time stays
 * comparable while other work shares the machine, wall time does not.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/test-cp.txt) org.flowsec.bench.QueryProfile 5 \
 *     stat --store DIR --by src_addr --order bytes --top 10
 * </pre>
 */
public final class QueryProfile {
    private QueryProfile() {}

    public static void main(String[] args) {
        int runs = Integer.parseInt(args[0]);
        String[] command = Arrays.copyOfRange(args, 1, args.length);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < runs; i++) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            long cpu = os.getProcessCpuTime();
            long t = System.nanoTime();
            int code = Main.run(new PrintWriter(out), new PrintWriter(err), command);
            long wall = System.nanoTime() - t;
            cpu = os.getProcessCpuTime() - cpu;
            System.out.printf("run %d: exit %d, wall %.3f s, cpu %.3f s, output %d chars%n", i + 1, code, wall / 1e9,
                    cpu / 1e9, out.getBuffer().length());
            if (i == runs - 1) {
                System.out.print(err);
            }
        }
    }
}
