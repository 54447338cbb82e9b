package org.flowsec.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Command-line tests over a store of 20,000 realistic flows in blocks of 1,000 over two segments, written
 * once per test class ({@link QueryThreadsTest#realisticStore}).
 */
abstract class RealisticStoreCliTest {
    @TempDir
    static Path tmp;
    static String store;

    @BeforeAll
    static void twentyThousandFlows() throws Exception {
        store = QueryThreadsTest.realisticStore(tmp.resolve("store")).toString();
    }

    /** {@code command --store STORE --quiet} and then {@code more}. */
    static List<String> command(String command, String... more) {
        List<String> a = new ArrayList<>(List.of(command, "--store", store, "--quiet"));
        a.addAll(Arrays.asList(more));
        return a;
    }
}
