package org.flowsec.render;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * UTC milliseconds as ISO-8601 ASCII with milliseconds ({@code 2026-11-26T10:00:00.123Z}), written into a
 * byte array. The date is cached per day, not per second: a row's first and last time often fall in
 * different seconds but nearly always on the same day, and the time of day is plain digit arithmetic.
 */
final class IsoTimeBytes {
    /** The most bytes {@link #put} writes: "-292275055-05-16T16:47:04.192Z" is 30; years have at most 9 digits and a sign. */
    static final int MAX_TEXT = 32;
    private static final long SECONDS_PER_DAY = 86_400;

    private long cachedDay = Long.MIN_VALUE;
    private byte[] cachedDate = new byte[0];

    /** Writes the time at {@code at} (room for {@link #MAX_TEXT} bytes needed) and returns the index after it. */
    int put(byte[] dst, int at, long millis) {
        long second = Math.floorDiv(millis, 1000);
        int ms = (int) (millis - second * 1000);
        long day = Math.floorDiv(second, SECONDS_PER_DAY);
        int s = (int) (second - day * SECONDS_PER_DAY);
        if (day != cachedDay) {
            cachedDate = date(day);
            cachedDay = day;
        }
        byte[] date = cachedDate;
        System.arraycopy(date, 0, dst, at, date.length);
        int p = at + date.length;
        int hour = s / 3600;
        int rest = s - hour * 3600;
        int minute = rest / 60;
        p = AsciiBuffer.putTwoDigits(dst, p, hour);
        dst[p++] = ':';
        p = AsciiBuffer.putTwoDigits(dst, p, minute);
        dst[p++] = ':';
        p = AsciiBuffer.putTwoDigits(dst, p, rest - minute * 60);
        dst[p++] = '.';
        p = AsciiBuffer.putThreeDigits(dst, p, ms);
        dst[p++] = 'Z';
        return p;
    }

    /**
     * "YYYY-MM-DDT" of an epoch day, each number zero-padded on the left of its decimal text (so year -5 is
     * "00-5", as the text printers have always written it).
     */
    private static byte[] date(long epochDay) {
        LocalDate d = LocalDate.ofEpochDay(epochDay);
        StringBuilder sb = new StringBuilder(16);
        pad(sb, d.getYear(), 4).append('-');
        pad(sb, d.getMonthValue(), 2).append('-');
        pad(sb, d.getDayOfMonth(), 2).append('T');
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
