package dev.tlsweep.core.probe;

import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.report.Discovery;
import dev.tlsweep.core.report.ProbeRun;
import dev.tlsweep.core.report.ProbeStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What an HTTPS endpoint announces of HTTP/3 and Encrypted Client Hello: the {@code Alt-Svc} header of the HTTP
 * answer the checks read anyway ({@link HttpHead}, one request per endpoint, shared) and the DNS HTTPS record of the
 * target's name (RR type 65, through the engine's asynchronous resolver, never for an IP address, a name under
 * localhost or one of the hosts file: then no record is reported), with each ECH configuration parsed ({@link HttpsRecord}, {@link dev.tlsweep.core.wire.EchConfigList}).
 * Never fails: what could not be read says why.
 */
public final class DiscoveryProbe {

    /** RR type HTTPS (RFC 9460 14.2). */
    static final int HTTPS_RR = 65;

    private final HttpHead http;

    /** Reads the HTTP answer through {@code http}, the checks' client ({@link CheckCatalog#discovery()}). */
    DiscoveryProbe(HttpHead http) {
        this.http = http;
    }

    /** Both sources, concurrently, for an HTTPS endpoint reached as {@code host} (a name or an IP literal). */
    public CompletableFuture<Discovery> run(ProbeContext ctx, ScanEngine engine, String host, boolean hostIsIp) {
        Tally tally = new Tally();
        CompletableFuture<Discovery.AltSvc> alt = http.of(ctx, tally).thenApply(head -> altSvc(head, tally));
        CompletableFuture<Discovery.HttpsRecords> records = hostIsIp
                ? CompletableFuture.completedFuture(null)
                : query(engine, host);
        return alt.thenCombine(records, Discovery::new);
    }

    /** The Alt-Svc of an HTTP answer (pure). */
    static Discovery.AltSvc altSvc(HttpsSession.Head head, Tally tally) {
        if (head.status() < 0) {
            return new Discovery.AltSvc(new ProbeRun(ProbeStatus.INCOMPLETE, "no HTTP answer: " + head.failure(),
                    tally.elapsedMillis(), tally.hellos()), null, List.of(), null);
        }
        ProbeRun run = ProbeRun.completed(tally.elapsedMillis(), tally.hellos());
        if (head.altSvc() == null) {
            return new Discovery.AltSvc(run, null, List.of(), null);
        }
        AltSvc.Parsed parsed = AltSvc.parse(head.altSvc());
        return new Discovery.AltSvc(run, head.altSvc(), parsed.alternatives(), parsed.error());
    }

    private static CompletableFuture<Discovery.HttpsRecords> query(ScanEngine engine, String host) {
        CompletableFuture<ScanEngine.DnsRecords> answer;
        try {
            answer = engine.queryRecords(host, HTTPS_RR);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        // a name never asked (the hosts file's, one under localhost) has no answer: nothing is claimed of it
        return answer.handle((a, failure) -> failure != null
                ? new Discovery.HttpsRecords("error", message(failure), List.of())
                : a.asked() ? records(a.records()) : null);
    }

    /** The HTTPS records of a name from their RDATA (pure), lowest priority first. */
    static Discovery.HttpsRecords records(List<byte[]> rdata) {
        List<Discovery.HttpsRecord> out = new ArrayList<>();
        for (byte[] r : rdata) {
            out.add(HttpsRecord.parse(r));
        }
        out.sort(Comparator.comparingInt(Discovery.HttpsRecord::priority));
        return new Discovery.HttpsRecords(out.isEmpty() ? "none" : "found", null, out);
    }

    private static String message(Throwable t) {
        Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
