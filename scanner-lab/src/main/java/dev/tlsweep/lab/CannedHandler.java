package dev.tlsweep.lab;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One connection of a {@link CannedResponder}: gathers bytes until a whole ClientHello is there,
 * answers it once (twice after a HelloRetryRequest), then discards whatever else arrives until
 * the client or the hold timer closes the connection. Never lets an exception out.
 */
final class CannedHandler extends ByteToMessageDecoder {

    /** The most bytes buffered while waiting for a ClientHello. */
    static final int MAX_BUFFERED = 4 * CannedHelloParser.MAX_HANDSHAKE_LENGTH;

    private enum State { READING, RETRIED, AFTER_FLIGHT, DONE }

    private final CannedConfig config;
    private final CannedNegotiator negotiator;
    private final CannedFlights flights;
    private final Consumer<ObservedHello> observer;
    private State state = State.READING;
    private ScheduledFuture<?> holdTimer;
    private int flightVersion = CannedConfig.TLS12;
    private boolean ccsTaken;
    /** The hello answered with a HelloRetryRequest: the start of the second answer's transcript. */
    private CannedClientHello firstHello;

    CannedHandler(CannedConfig config, CannedNegotiator negotiator, CannedFlights flights,
            Consumer<ObservedHello> observer) {
        this.config = Objects.requireNonNull(config, "config");
        this.negotiator = Objects.requireNonNull(negotiator, "negotiator");
        this.flights = Objects.requireNonNull(flights, "flights");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        holdTimer = ctx.executor().schedule(() -> {
            ctx.close();
        }, config.holdTime().toMillis(), TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (holdTimer != null) {
            holdTimer.cancel(false);
        }
        state = State.DONE;
        super.channelInactive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.DONE) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (state == State.AFTER_FLIGHT) {
            afterFlight(ctx, in);
            return;
        }
        try {
            if (state == State.RETRIED && !skipChangeCipherSpecs(in)) {
                return;
            }
            if (in.readableBytes() > MAX_BUFFERED) {
                throw new CannedDecodeException("more than " + MAX_BUFFERED + " bytes without a whole ClientHello");
            }
            CannedClientHello hello = CannedHelloParser.parse(in);
            if (hello == null) {
                return;
            }
            in.skipBytes(in.readableBytes());
            observer.accept(hello.observed());
            respond(ctx, hello, negotiator.answer(hello, state == State.RETRIED));
        } catch (RuntimeException e) {
            // CannedDecodeException, or a bug: either way the client gets decode_error, the server lives on
            in.skipBytes(in.readableBytes());
            state = State.DONE;
            send(ctx, CannedFlights.alert(CannedConfig.TLS12, CannedAnswer.ALERT_DECODE_ERROR), true);
        }
    }

    /**
     * Skips the middlebox-compatibility ChangeCipherSpec records a client may send before its
     * second ClientHello.
     *
     * @return false while a record header is still incomplete
     */
    private static boolean skipChangeCipherSpecs(ByteBuf in) {
        while (in.isReadable() && in.getUnsignedByte(in.readerIndex()) == CannedFlights.CONTENT_CHANGE_CIPHER_SPEC) {
            if (in.readableBytes() < 6) {
                return false;
            }
            int length = in.getUnsignedShort(in.readerIndex() + 3);
            if (length != 1 || in.getUnsignedByte(in.readerIndex() + 5) != 1) {
                throw new CannedDecodeException("ChangeCipherSpec of length " + length + " (expected: 1, value 1)");
            }
            in.skipBytes(6);
        }
        return true;
    }

    private void respond(ChannelHandlerContext ctx, CannedClientHello hello, CannedAnswer answer) {
        state = State.DONE;
        boolean failAfter = config.has(CannedQuirk.HANDSHAKE_FAILURE_AFTER_SERVER_HELLO);
        if (answer instanceof CannedAnswer.Reject reject) {
            reject(ctx, reject);
        } else if (answer instanceof CannedAnswer.Reset) {
            ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            ctx.close();
        } else if (answer instanceof CannedAnswer.Tls tls && config.has(CannedQuirk.RESET_AFTER_SERVER_HELLO)) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(flights.tls12(hello, tls.version(), tls.suite())))
                    .addListener(f -> {
                        ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                        ctx.close();
                    });
        } else if (answer instanceof CannedAnswer.Tls tls) {
            send(ctx, flights.tls12(hello, tls.version(), tls.suite()), failAfter);
            state = failAfter ? State.DONE : State.AFTER_FLIGHT;
            flightVersion = tls.version();
        } else if (answer instanceof CannedAnswer.Tls13 tls13) {
            send(ctx, flights.tls13(hello, firstHello, tls13.suite(), tls13.group()), failAfter);
            state = failAfter ? State.DONE : State.AFTER_FLIGHT;
        } else if (answer instanceof CannedAnswer.Retry retry) {
            state = State.RETRIED;
            firstHello = hello;
            send(ctx, flights.retry(hello, retry.suite(), retry.group()), false);
        } else if (answer instanceof CannedAnswer.Sslv2 sslv2) {
            send(ctx, flights.sslv2ServerHello(sslv2.kinds()), false);
        }
        // Hang: say nothing; the hold timer ends the connection
    }

    /**
     * What the client sends after the flight. A strict server by default: the first record gets a fatal
     * unexpected_message and the connection closes (a canned responder cannot finish a handshake). The
     * vulnerability quirks answer as the vulnerable servers did: CCS injection, Heartbleed, a ROBOT oracle.
     */
    private void afterFlight(ChannelHandlerContext ctx, ByteBuf in) {
        while (state == State.AFTER_FLIGHT && in.readableBytes() >= 5) {
            int type = in.getUnsignedByte(in.readerIndex());
            int length = in.getUnsignedShort(in.readerIndex() + 3);
            if (length > 16_384 + 2048) {
                finish(ctx, CannedAnswer.ALERT_DECODE_ERROR);
                return;
            }
            if (in.readableBytes() < 5 + length) {
                return;
            }
            in.skipBytes(5);
            ByteBuf fragment = in.readSlice(length);
            if (config.has(CannedQuirk.CCS_INJECTION)) {
                if (type == CannedFlights.CONTENT_CHANGE_CIPHER_SPEC && !ccsTaken) {
                    ccsTaken = true; // taken silently: the keys "change" to ones never agreed
                    continue;
                }
                if (ccsTaken) {
                    finish(ctx, CannedAnswer.ALERT_BAD_RECORD_MAC);
                    return;
                }
            }
            if (type == 24 && (config.has(CannedQuirk.HEARTBLEED) || config.has(CannedQuirk.HEARTBEAT))) {
                heartbeat(ctx, fragment);
                continue;
            }
            if (config.has(CannedQuirk.ROBOT_ORACLE) && config.rsaKey() != null && type == 22
                    && fragment.readableBytes() > 6 && fragment.getUnsignedByte(fragment.readerIndex()) == 16) {
                finish(ctx, CannedRobot.answer(config.rsaKey(), fragment));
                return;
            }
            finish(ctx, CannedAnswer.ALERT_UNEXPECTED_MESSAGE);
        }
    }

    /** A heartbeat request: echoed when well-formed; with HEARTBLEED, answered with "memory" as long as it claims. */
    private void heartbeat(ChannelHandlerContext ctx, ByteBuf fragment) {
        if (fragment.readableBytes() < 3 || fragment.getUnsignedByte(fragment.readerIndex()) != 1) {
            return;
        }
        int claimed = fragment.getUnsignedShort(fragment.readerIndex() + 1);
        int carried = fragment.readableBytes() - 3;
        boolean wellFormed = claimed + 16 <= carried;
        if (!wellFormed && !config.has(CannedQuirk.HEARTBLEED)) {
            return; // RFC 6520 4: discarded silently
        }
        ByteBuf response = Unpooled.buffer(3 + claimed + 16);
        response.writeByte(2).writeShort(claimed);
        if (wellFormed) {
            response.writeBytes(fragment, fragment.readerIndex() + 3, claimed);
        } else {
            byte[] memory = CannedResponder.LEAKED_MEMORY.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < claimed; i++) {
                response.writeByte(memory[i % memory.length]);
            }
        }
        response.writeZero(16);
        byte[] payload = new byte[response.readableBytes()];
        response.readBytes(payload);
        ByteBuf record = Unpooled.buffer(5 + payload.length);
        record.writeByte(24).writeShort(flightVersion).writeShort(payload.length).writeBytes(payload);
        ctx.writeAndFlush(record);
    }

    private void finish(ChannelHandlerContext ctx, int alert) {
        state = State.DONE;
        send(ctx, CannedFlights.alert(flightVersion, alert), true);
    }

    private void reject(ChannelHandlerContext ctx, CannedAnswer.Reject reject) {
        if (reject.quirkable()) {
            if (config.has(CannedQuirk.SILENT_ON_REJECT)) {
                return;
            }
            if (config.has(CannedQuirk.RESET_ON_REJECT)) {
                ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                ctx.close();
                return;
            }
            if (config.has(CannedQuirk.CLOSE_ON_REJECT)) {
                ctx.close();
                return;
            }
        }
        byte[] bytes = reject.sslv2()
                ? CannedFlights.sslv2Error()
                : CannedFlights.alert(reject.recordVersion(), reject.alert());
        send(ctx, bytes, true);
    }

    private static void send(ChannelHandlerContext ctx, byte[] bytes, boolean thenClose) {
        var future = ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes));
        if (thenClose) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
