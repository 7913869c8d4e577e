package dev.tlsweep.core.probe;

import dev.tlsweep.core.engine.ResponseDecoder;
import dev.tlsweep.core.wire.KeyExchangeKind;
import dev.tlsweep.core.wire.SentHello;
import dev.tlsweep.core.wire.ServerFlight;
import dev.tlsweep.core.wire.ServerFlightDecoder;
import io.netty.buffer.ByteBuf;
import java.util.function.IntFunction;

/** Lets the engine feed a connection's bytes to the wire package's flight decoder. */
final class FlightDecoder implements ResponseDecoder<ServerFlight> {

    private final ServerFlightDecoder decoder;

    FlightDecoder(int maxFlightBytes, IntFunction<KeyExchangeKind> keyExchangeOfSuite) {
        this(maxFlightBytes, keyExchangeOfSuite, null);
    }

    /** A decoder that decrypts a TLS 1.3 answer to {@code sent} (when not {@code null}). */
    FlightDecoder(int maxFlightBytes, IntFunction<KeyExchangeKind> keyExchangeOfSuite, SentHello sent) {
        this.decoder = new ServerFlightDecoder(maxFlightBytes, keyExchangeOfSuite, true, sent);
    }

    @Override
    public boolean offer(ByteBuf in) {
        return decoder.offer(in);
    }

    @Override
    public ServerFlight result() {
        return decoder.result();
    }

}
