package org.flowsec.base;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Sets the scheduling priority of the calling thread, so work that may fall behind (detection) yields the
 * CPU to work that must not (receiving flows) when both want it. Java thread priorities do nothing on Linux;
 * the kernel's per-thread nice value does: at nice 10 a thread gets about a tenth of the CPU share of a nice-0
 * thread while both are runnable, and all of an idle core; at nice -10 about nine times as much. Any thread
 * may lower its priority; raising it (a negative nice value) needs root, CAP_SYS_NICE or an RLIMIT_NICE that
 * allows it. Linux only (it renices the thread's id from {@code /proc/thread-self}); elsewhere, or if that
 * fails, nothing changes.
 */
public final class ThreadNiceness {
    private ThreadNiceness() {}

    /**
     * Lowers the calling thread's priority: sets its nice value to {@code nice} (1..19, which needs no privilege).
     *
     * @return true when the kernel took it
     */
    public static boolean lowerCurrent(int nice) {
        if (nice < 1 || nice > 19) {
            throw new IllegalArgumentException("nice must be 1..19, got " + nice);
        }
        return setCurrent(nice);
    }

    /**
     * Sets the calling thread's nice value to {@code nice} (-20..19); values below the thread's current one need
     * privilege (see above).
     *
     * @return true when the kernel took it; false when it refused (not permitted) or this is not Linux
     */
    public static boolean setCurrent(int nice) {
        if (nice < -20 || nice > 19) {
            throw new IllegalArgumentException("nice must be -20..19, got " + nice);
        }
        try {
            Path self = Path.of("/proc/thread-self");
            if (!Files.exists(self)) {
                return false;
            }
            String tid = Files.readSymbolicLink(self).getFileName().toString(); // "PID/task/TID"
            Process p = new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The calling thread's nice value from {@code /proc/thread-self/stat}, or 0 where there is none. */
    public static int current() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            // fields after the command name (which may hold spaces) in parentheses; nice is field 19
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(f[19 - 3]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
