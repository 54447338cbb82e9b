package org.flowsec.detect.newservice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * The services each local host offers and uses, learned from flows (flow-tools' flow-host-profile, Zeek's
 * known-services). Bounded: at most {@code maxHosts} hosts, {@code maxServicesPerHost} services per host and
 * {@code maxServices} in all; what does not fit is counted, not stored.
 *
 * <p>A host enters the profile when it sends a flow (an address that only receives, such as the targets of
 * a scan, does not). An offered service enters only when the host answers: a record it sends from the
 * service port as the server, which for TCP must carry ACK with SYN, PSH or FIN (a bare RST from a closed
 * port is not an answer). A used service enters when the host, as the client, sends to it. Both directions
 * of a known service add to its flows and bytes. See {@link ServerSide} for who is the server.
 *
 * <p>{@link #observe} reports what a flow added as bits ({@link #NEW_HOST}, {@link #NEW_OFFER},
 * {@link #NEW_USE}); the host, peer, protocol and port of the newest addition stay readable until the next call.
 */
public final class ServiceProfile {
    public static final int NEW_HOST = 1;
    public static final int NEW_OFFER = 2;
    public static final int NEW_USE = 4;

    private static final int OFFER = 0;
    private static final int USE = 1;
    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int PSH = 0x08;
    private static final int ACK = 0x10;

    private final HomeNetworks home;
    private final int maxHosts;
    private final int maxServicesPerHost;
    private final int maxServices;
    private final int ephemeralMin;
    private final ProfileTable table = new ProfileTable();
    private int hosts;
    private int services;
    private long hostsDropped;
    private long servicesDropped;
    private long undecided;
    private long expiredHosts;
    private long expiredServices;

    // the newest addition, for the caller to describe it
    long eventHostHi;
    long eventHostLo;
    long eventPeerHi;
    long eventPeerLo;
    int eventProto;
    int eventPort;

    public ServiceProfile(HomeNetworks home, int maxHosts, int maxServicesPerHost, int maxServices, int ephemeralMin) {
        this.home = home;
        this.maxHosts = maxHosts;
        this.maxServicesPerHost = maxServicesPerHost;
        this.maxServices = maxServices;
        this.ephemeralMin = ephemeralMin;
    }

    /** A profile with the default limits of {@link NewServiceParams}, for {@code flowsec profile}. */
    public static ServiceProfile withDefaults(HomeNetworks home) {
        NewServiceParams p = new NewServiceParams();
        return new ServiceProfile(home, p.maxHosts, p.maxServicesPerHost, p.maxServices, p.ephemeralMin);
    }

    /** Learns from one flow; returns the NEW_* bits of what it added (0 for nothing new). */
    public int observe(FlowBatch batch, int row) {
        long sHi = batch.hi(Field.SRC_ADDR, row);
        long sLo = batch.lo(Field.SRC_ADDR, row);
        long dHi = batch.hi(Field.DST_ADDR, row);
        long dLo = batch.lo(Field.DST_ADDR, row);
        boolean srcLocal = home.isHome(sHi, sLo);
        boolean dstLocal = home.isHome(dHi, dLo);
        if (!srcLocal && !dstLocal) {
            return 0;
        }
        long first = batch.get(Field.FIRST, row);
        long last = Math.max(first, batch.get(Field.LAST, row));
        int events = 0;
        if (srcLocal) {
            int h = table.find(sHi, sLo, ProfileTable.HOST);
            if (h < 0) {
                if (hosts >= maxHosts) {
                    hostsDropped++;
                } else {
                    table.touch(table.insert(sHi, sLo, ProfileTable.HOST, first), 0, 0, first, last);
                    hosts++;
                    events |= NEW_HOST;
                    event(sHi, sLo, dHi, dLo, 0, 0);
                }
            } else {
                table.touch(h, 0, 0, first, last);
            }
        }
        int proto = (int) batch.get(Field.PROTO, row);
        if (proto != 6 && proto != 17 && proto != 132) {
            return events;
        }
        int sPort = (int) batch.get(Field.SRC_PORT, row);
        int dPort = (int) batch.get(Field.DST_PORT, row);
        int srcOffer = srcLocal ? table.find(sHi, sLo, code(OFFER, proto, sPort)) : -1;
        int dstOffer = dstLocal ? table.find(dHi, dLo, code(OFFER, proto, dPort)) : -1;
        int server = ServerSide.decide(batch, row, proto, srcOffer >= 0, dstOffer >= 0, ephemeralMin);
        if (server == ServerSide.UNDECIDED) {
            undecided++;
            return events;
        }
        long bytes = batch.get(Field.BYTES, row);
        // touch what exists first: creating a service may grow the table and move the slots found above
        if (server == ServerSide.SRC) {
            if (srcOffer >= 0) {
                table.touch(srcOffer, 1, bytes, first, last);
            }
            if (dstLocal) {
                service(dHi, dLo, code(USE, proto, sPort), bytes, first, last, false);
            }
            if (srcLocal && srcOffer < 0 && answered(batch, row, proto)
                    && service(sHi, sLo, code(OFFER, proto, sPort), bytes, first, last, true)) {
                events |= NEW_OFFER;
                event(sHi, sLo, dHi, dLo, proto, sPort);
            }
        } else {
            if (dstOffer >= 0) {
                table.touch(dstOffer, 1, bytes, first, last);
            }
            if (srcLocal && service(sHi, sLo, code(USE, proto, dPort), bytes, first, last, true)) {
                events |= NEW_USE;
                event(sHi, sLo, dHi, dLo, proto, dPort);
            }
        }
        return events;
    }

    private void event(long hHi, long hLo, long pHi, long pLo, int proto, int port) {
        eventHostHi = hHi;
        eventHostLo = hLo;
        eventPeerHi = pHi;
        eventPeerLo = pLo;
        eventProto = proto;
        eventPort = port;
    }

    /** A TCP record the server sent that shows an accepted connection, not a reset of a closed port. */
    private static boolean answered(FlowBatch batch, int row, int proto) {
        if (proto != 6) {
            return true;
        }
        long flags = batch.get(Field.TCP_FLAGS, row);
        return flags == 0 // the exporter does not report flags
                || (flags & ACK) != 0 && (flags & (SYN | PSH | FIN)) != 0;
    }

    /** Adds the flow to a service of a host; creates the service if allowed and room is left. True when created. */
    private boolean service(long h, long l, int code, long bytes, long first, long last, boolean create) {
        int s = table.find(h, l, code);
        if (s >= 0) {
            table.touch(s, 1, bytes, first, last);
            return false;
        }
        if (!create) {
            return false;
        }
        int host = table.find(h, l, ProfileTable.HOST);
        if (host < 0) {
            return false; // a host dropped at the cap
        }
        if (table.services(host) >= maxServicesPerHost || services >= maxServices) {
            servicesDropped++;
            return false;
        }
        table.addServices(host, 1);
        table.touch(host, 0, 0, first, last);
        s = table.insert(h, l, code, first);
        table.touch(s, 1, bytes, first, last);
        services++;
        return true;
    }

    private static int code(int role, int proto, int port) {
        return role << 24 | proto << 16 | port;
    }

    /** Forgets hosts and services last seen before {@code cutoff} (event time, UTC ms). */
    public void expire(long cutoff) {
        List<long[]> gone = new ArrayList<>();
        for (int i = 0; i < table.capacity(); i++) {
            if (table.used(i) && table.last(i) < cutoff) {
                gone.add(new long[] {table.hi(i), table.lo(i), table.code(i)});
            }
        }
        for (long[] g : gone) {
            int i = table.find(g[0], g[1], (int) g[2]);
            if (i < 0) {
                continue;
            }
            table.remove(i);
            if (g[2] == ProfileTable.HOST) {
                hosts--;
                expiredHosts++;
            } else {
                services--;
                expiredServices++;
                int h = table.find(g[0], g[1], ProfileTable.HOST);
                if (h >= 0) {
                    table.addServices(h, -1);
                }
            }
        }
    }

    /** Every host with its services, by address; services by protocol and port. */
    public List<HostProfile> hosts() {
        List<Integer> hostRows = new ArrayList<>();
        for (int i = 0; i < table.capacity(); i++) {
            if (table.used(i) && table.code(i) == ProfileTable.HOST) {
                hostRows.add(i);
            }
        }
        hostRows.sort(Comparator.<Integer>comparingLong(i -> table.hi(i) ^ Long.MIN_VALUE)
                .thenComparingLong(i -> table.lo(i) ^ Long.MIN_VALUE));
        Map<Integer, List<HostProfile.Service>[]> byHost = new LinkedHashMap<>();
        for (int i = 0; i < table.capacity(); i++) {
            if (table.used(i) && table.code(i) != ProfileTable.HOST) {
                int h = table.find(table.hi(i), table.lo(i), ProfileTable.HOST);
                @SuppressWarnings("unchecked")
                List<HostProfile.Service>[] lists = byHost.computeIfAbsent(h, k -> new List[] {new ArrayList<>(), new ArrayList<>()});
                int c = table.code(i);
                lists[c >>> 24].add(new HostProfile.Service((c >>> 16) & 0xFF, c & 0xFFFF, table.flows(i), table.bytes(i),
                        table.first(i), table.last(i)));
            }
        }
        Comparator<HostProfile.Service> byService = Comparator.comparingInt(HostProfile.Service::proto)
                .thenComparingInt(HostProfile.Service::port);
        List<HostProfile> out = new ArrayList<>(hostRows.size());
        for (int h : hostRows) {
            List<HostProfile.Service>[] lists = byHost.get(h);
            List<HostProfile.Service> offers = lists == null ? List.of() : lists[OFFER];
            List<HostProfile.Service> uses = lists == null ? List.of() : lists[USE];
            offers.sort(byService);
            uses.sort(byService);
            out.add(new HostProfile(Addresses.format(table.hi(h), table.lo(h)), table.first(h), table.last(h), offers, uses));
        }
        return out;
    }

    /** Replaces the content with saved hosts (limits still apply; what does not fit is counted as dropped). */
    public void load(List<HostProfile> saved) {
        for (HostProfile hp : saved) {
            java.net.InetAddress a = Addresses.parse(hp.host());
            long h = Addresses.hi(a);
            long l = Addresses.lo(a);
            if (table.find(h, l, ProfileTable.HOST) >= 0) {
                throw new IllegalArgumentException("host " + hp.host() + " is listed twice");
            }
            if (hosts >= maxHosts) {
                hostsDropped++;
                continue;
            }
            int row = table.insert(h, l, ProfileTable.HOST, hp.first());
            table.setLast(row, hp.last());
            hosts++;
            loadServices(h, l, OFFER, hp.offers());
            loadServices(h, l, USE, hp.uses());
        }
    }

    private void loadServices(long h, long l, int role, List<HostProfile.Service> list) {
        for (HostProfile.Service s : list) {
            if (s.proto() < 0 || s.proto() > 255 || s.port() < 0 || s.port() > 65535) {
                throw new IllegalArgumentException("service " + s.proto() + "/" + s.port() + " is out of range");
            }
            int c = code(role, s.proto(), s.port());
            if (table.find(h, l, c) >= 0) {
                throw new IllegalArgumentException("service " + s.text() + " is listed twice");
            }
            int host = table.find(h, l, ProfileTable.HOST);
            if (table.services(host) >= maxServicesPerHost || services >= maxServices) {
                servicesDropped++;
                continue;
            }
            table.addServices(host, 1);
            int row = table.insert(h, l, c, s.first());
            table.setFlows(row, s.flows());
            table.setBytes(row, s.bytes());
            table.setLast(row, s.last());
            services++;
        }
    }

    public int hostCount() { return hosts; }

    public int serviceCount() { return services; }

    /** Sizes and what the limits and expiry dropped. */
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("hosts", (long) hosts);
        c.put("services", (long) services);
        c.put("hosts_dropped", hostsDropped);
        c.put("services_dropped", servicesDropped);
        c.put("hosts_expired", expiredHosts);
        c.put("services_expired", expiredServices);
        c.put("undecided_flows", undecided);
        return c;
    }
}
