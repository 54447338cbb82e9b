package org.flowsec.cli;

import java.net.InetAddress;
import java.time.Duration;
import org.flowsec.base.Quantities;
import org.flowsec.base.TimeParser;
import org.flowsec.flow.Addresses;
import picocli.CommandLine;

/** Converters from option text to values; a bad value becomes a one-line usage error. */
final class Options {
    private Options() {}

    static final class Time implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return TimeParser.parseMillis(value, org.flowsec.base.Clock.SYSTEM.millis());
        }
    }

    static final class Span implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Quantities.duration(value);
        }
    }

    static final class Size implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return Quantities.bytes(value);
        }
    }

    static final class Address implements CommandLine.ITypeConverter<InetAddress> {
        @Override
        public InetAddress convert(String value) {
            return Addresses.parse(value);
        }
    }

    static int intSize(long bytes, String option) {
        if (bytes > Integer.MAX_VALUE) {
            throw new UsageException(option + " must be below 2G");
        }
        return (int) bytes;
    }
}
