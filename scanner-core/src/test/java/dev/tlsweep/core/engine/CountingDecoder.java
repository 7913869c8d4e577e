package dev.tlsweep.core.engine;

import io.netty.buffer.ByteBuf;

/** Consumes every byte and is done once it has seen {@code want} bytes; its result is the count. */
final class CountingDecoder implements ResponseDecoder<Integer> {
    private final int want;
    private int seen;
    private int results;

    CountingDecoder(int want) {
        this.want = want;
    }

    @Override
    public boolean offer(ByteBuf in) {
        seen += in.readableBytes();
        in.skipBytes(in.readableBytes());
        return seen >= want;
    }

    @Override
    public Integer result() {
        if (++results != 1) {
            throw new AssertionError("result() called " + results + " times");
        }
        return seen;
    }

    @Override
    public int bytesRead() {
        return seen;
    }
}
