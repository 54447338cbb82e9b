package org.flowsec.detect.newservice;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowsec.base.Quantities;
import org.flowsec.detect.Alert;
import org.flowsec.detect.AlertEmitter;
import org.flowsec.detect.Detector;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.PrefixList;
import org.flowsec.detect.Severity;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.flow.Protocols;

/**
 * New services and hosts: learns a {@link ServiceProfile} of what each local host offers and uses for
 * {@code learning_period} of event time from the first flow, then alerts on what is new: a service a known
 * host starts answering on (high), a host never seen that answers as a server (high), and, when enabled, any
 * new local host (medium) or a service a known host uses for the first time (low). Each finding alerts once
 * and then belongs to the profile.
 *
 * <p>Learning starts with the first flow, unless the first watermark is already a whole learning period
 * past it (a flow with a broken timestamp came first): then it starts at that watermark.
 * Learning ends when the watermark passes its end, so every flow of the learning period (even one that
 * arrives late) is learned silently; a flow that starts before the end of learning never alerts. The
 * profile is saved to {@code profile_file} when learning ends, every {@code save_interval} of event time when
 * it changed, and at {@link #finish}; at start a saved profile is loaded and learning continues or is over
 * as the file says.
 */
public final class NewServiceDetector implements Detector {
    public static final String NAME = "newservice";
    private static final long EXPIRY_STEP_MS = 3_600_000;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NewServiceDetector.class);

    private final AlertEmitter out;
    private final boolean enabled;
    private final long learningMs;
    private final long saveIntervalMs;
    private final long expireAfterMs;
    private final Path file;
    private final PrefixList allow;
    private final NewServiceParams params;
    private final ServiceProfile profile;

    private long learningStart = Long.MIN_VALUE;
    private long learningEnd = Long.MAX_VALUE;
    private boolean learned;
    /** Whether the first watermark has been compared with the learning start (see {@link #advance}). */
    private boolean startChecked;
    private boolean dirty;
    private long lastSave = Long.MIN_VALUE;
    private long lastExpiry = Long.MIN_VALUE;
    private long flows;
    private long alerts;
    private long saves;
    private long saveErrors;
    private long restarts;

    /** Loads {@code profile_file} if it exists; a corrupt one throws IllegalArgumentException naming the file. */
    public NewServiceDetector(NewServiceParams params, HomeNetworks home, AlertEmitter out) {
        this.out = out;
        this.params = params;
        this.enabled = params.enabled;
        this.learningMs = Quantities.duration(params.learningPeriod).toMillis();
        this.saveIntervalMs = Quantities.duration(params.saveInterval).toMillis();
        this.expireAfterMs = Quantities.duration(params.expireAfter).toMillis();
        this.file = params.profileFile == null || params.profileFile.isBlank() ? null : Path.of(params.profileFile);
        this.allow = PrefixList.parse("newservice.allow", params.allow);
        if (params.maxHosts <= 0 || params.maxServicesPerHost <= 0 || params.maxServices <= 0) {
            throw new IllegalArgumentException("newservice: max_hosts, max_services_per_host and max_services must be positive");
        }
        this.profile = new ServiceProfile(home, params.maxHosts, params.maxServicesPerHost, params.maxServices,
                params.ephemeralMin);
        if (file != null && Files.exists(file)) {
            ProfileFile.Content c = ProfileFile.read(file);
            try {
                profile.load(c.hosts());
            } catch (IllegalArgumentException e) {
                throw ProfileFile.corrupt(file, e.getMessage());
            }
            learningStart = c.learningStart();
            learningEnd = c.learningEnd();
            learned = c.learned();
            startChecked = true;
        }
    }

    @Override
    public String name() { return NAME; }

    /** The profile learned so far (also what is saved). */
    public ServiceProfile profile() { return profile; }

    /** True once learning is over and new services alert. */
    public boolean learned() { return learned; }

    @Override
    public void accept(FlowBatch batch, int row) {
        if (!enabled) {
            return;
        }
        flows++;
        long first = batch.get(Field.FIRST, row);
        if (learningStart == Long.MIN_VALUE) {
            learningStart = first;
            learningEnd = first + learningMs;
        }
        int events = profile.observe(batch, row);
        if (events == 0) {
            return;
        }
        dirty = true;
        if (!learned || first < learningEnd) {
            return; // part of the learning period: learned silently
        }
        long hi = profile.eventHostHi;
        long lo = profile.eventHostLo;
        if (allow.contains(hi, lo)) {
            return;
        }
        long last = Math.max(first, batch.get(Field.LAST, row));
        long bytes = batch.get(Field.BYTES, row);
        if ((events & ServiceProfile.NEW_OFFER) != 0) {
            boolean newHost = (events & ServiceProfile.NEW_HOST) != 0;
            if (newHost ? params.alertNewServers : params.alertNewServices) {
                offered(newHost, first, last, bytes);
            }
        } else if ((events & ServiceProfile.NEW_HOST) != 0) {
            if (params.alertNewHosts) {
                newHost(batch, row, first, last, bytes);
            }
        } else if ((events & ServiceProfile.NEW_USE) != 0 && params.alertNewClientServices) {
            used(first, last, bytes);
        }
    }

    private void offered(boolean newHost, long first, long last, long bytes) {
        String host = Addresses.format(profile.eventHostHi, profile.eventHostLo);
        String peer = Addresses.format(profile.eventPeerHi, profile.eventPeerLo);
        String service = service(profile.eventProto, profile.eventPort);
        String summary = newHost
                ? String.format(Locale.ROOT, "New local host %s answers as a server on %s (to %s), after the profile was learned.",
                        host, service, peer)
                : String.format(Locale.ROOT, "%s answers on %s (to %s), a service it did not offer before.", host, service, peer);
        String proto = Protocols.name(profile.eventProto).toLowerCase(Locale.ROOT);
        String evidence = String.format(Locale.ROOT, "proto %s and (src ip %s and src port %d or dst ip %s and dst port %d)",
                proto, host, profile.eventPort, host, profile.eventPort);
        raise(newHost ? "server" : "offer", Severity.HIGH, first, last, summary, host, peer, bytes, evidence);
    }

    private void newHost(FlowBatch batch, int row, long first, long last, long bytes) {
        String host = Addresses.format(profile.eventHostHi, profile.eventHostLo);
        String peer = Addresses.format(profile.eventPeerHi, profile.eventPeerLo);
        int proto = (int) batch.get(Field.PROTO, row);
        String summary = String.format(Locale.ROOT, "New local host %s appeared after the profile was learned (first flow: %s to %s).",
                host, Protocols.name(proto).toLowerCase(Locale.ROOT), peer);
        raise("host", Severity.MEDIUM, first, last, summary, host, peer, bytes, "src ip " + host + " or dst ip " + host);
    }

    private void used(long first, long last, long bytes) {
        String host = Addresses.format(profile.eventHostHi, profile.eventHostLo);
        String peer = Addresses.format(profile.eventPeerHi, profile.eventPeerLo);
        String service = service(profile.eventProto, profile.eventPort);
        String summary = String.format(Locale.ROOT, "%s uses %s as a client (to %s) for the first time since the profile was learned.",
                host, service, peer);
        String evidence = String.format(Locale.ROOT, "src ip %s and proto %s and dst port %d", host,
                Protocols.name(profile.eventProto).toLowerCase(Locale.ROOT), profile.eventPort);
        raise("use", Severity.LOW, first, last, summary, host, peer, bytes, evidence);
    }

    private static String service(int proto, int port) {
        return Protocols.name(proto).toLowerCase(Locale.ROOT) + "/" + port;
    }

    private void raise(String kind, Severity severity, long first, long last, String summary, String host, String peer,
                       long bytes, String evidence) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("flows", 1L);
        counts.put("bytes", bytes);
        counts.put("profile_hosts", (long) profile.hostCount());
        counts.put("profile_services", (long) profile.serviceCount());
        Map<String, Double> thresholds = new LinkedHashMap<>();
        thresholds.put("learning_period_s", learningMs / 1000.0);
        Integer proto = kind.equals("host") ? null : profile.eventProto;
        List<Integer> ports = kind.equals("host") ? List.of() : List.of(profile.eventPort);
        String key = NAME + "|" + kind + "|" + host + (kind.equals("host") ? "" : "|" + profile.eventProto + "/" + profile.eventPort);
        alerts++;
        out.raise(Alert.raised(NAME, key, severity, first, last, summary, host, peer, proto, ports, counts, thresholds, evidence));
    }

    @Override
    public void advance(long watermark) {
        if (!enabled || learningStart == Long.MIN_VALUE) {
            return;
        }
        if (!startChecked) {
            startChecked = true;
            if (learningStart < watermark - learningMs) {
                // the first flow lies a whole learning period before the first watermark: a bad timestamp or a
                // jump in the data, not a period that was observed; learn from the watermark on instead
                learningStart = watermark;
                learningEnd = watermark + learningMs;
                restarts++;
            }
        }
        if (!learned && watermark >= learningEnd) {
            learned = true;
            save(watermark);
        }
        if (lastExpiry == Long.MIN_VALUE || watermark - lastExpiry >= EXPIRY_STEP_MS) {
            lastExpiry = watermark;
            if (watermark - expireAfterMs > learningStart) {
                profile.expire(watermark - expireAfterMs);
            }
        }
        if (dirty && (lastSave == Long.MIN_VALUE || watermark - lastSave >= saveIntervalMs)) {
            save(watermark);
        }
    }

    @Override
    public void finish() {
        if (enabled && learningStart != Long.MIN_VALUE) {
            save(lastSave);
        }
    }

    /** Saves the profile; a failure (disk full, permissions) is logged and counted, detection goes on. */
    private void save(long now) {
        lastSave = now;
        if (file == null) {
            return;
        }
        try {
            ProfileFile.write(file, ProfileFile.Content.of(learningStart, learningEnd, learned, profile.hosts()));
            dirty = false;
            saves++;
        } catch (java.io.UncheckedIOException e) {
            saveErrors++;
            LOG.warn("{} (will try again in {} of event time)", e.getMessage(), params.saveInterval);
        }
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("flows", flows);
        c.putAll(profile.counters());
        c.put("alerts", alerts);
        c.put("saves", saves);
        c.put("save_errors", saveErrors);
        c.put("learned", learned ? 1L : 0L);
        c.put("learning_restarts", restarts);
        return c;
    }
}
