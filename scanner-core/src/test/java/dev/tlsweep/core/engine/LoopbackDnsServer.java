package dev.tlsweep.core.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A DNS server on 127.0.0.1 for resolver tests. Names in {@code answers} get their IPv4 addresses
 * as A records, and their HTTPS records (RR type 65, RFC 9460) from {@code https} as raw RDATA (an empty answer for
 * other types); names starting with {@code silent.} are never answered; every other name is NXDOMAIN.
 */
public final class LoopbackDnsServer implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;
    private final Queue<String> questions = new ConcurrentLinkedQueue<>();

    public LoopbackDnsServer(Map<String, List<InetAddress>> answers) {
        this(answers, Map.of());
    }

    /** A server that also answers HTTPS questions for the names of {@code https} with these RDATA. */
    public LoopbackDnsServer(Map<String, List<InetAddress>> answers, Map<String, List<byte[]>> https) {
        channel = new Bootstrap()
                .group(group)
                .channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<NioDatagramChannel>() {
                    @Override
                    protected void initChannel(NioDatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                                new SimpleChannelInboundHandler<DatagramDnsQuery>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
                                        answer(ctx, query, answers, https);
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", 0)
                .syncUninterruptibly()
                .channel();
    }

    private void answer(ChannelHandlerContext ctx, DatagramDnsQuery query,
            Map<String, List<InetAddress>> answers, Map<String, List<byte[]>> https) {
        DnsQuestion question = query.recordAt(DnsSection.QUESTION);
        String name = question.name();
        String bare = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        questions.add(bare + " " + question.type().name());
        if (bare.startsWith("silent.")) {
            return;
        }
        DatagramDnsResponse response =
                new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
        response.setRecursionDesired(query.isRecursionDesired());
        response.setRecursionAvailable(true);
        response.setAuthoritativeAnswer(true);
        response.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(name, question.type()));
        List<InetAddress> addresses = answers.get(bare);
        if (addresses == null) {
            response.setCode(DnsResponseCode.NXDOMAIN);
        } else if (question.type() == DnsRecordType.A) {
            for (InetAddress address : addresses) {
                response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(name, DnsRecordType.A, 60,
                        Unpooled.wrappedBuffer(address.getAddress())));
            }
        } else if (question.type() == DnsRecordType.HTTPS) {
            for (byte[] rdata : https.getOrDefault(bare, List.of())) {
                response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(name, DnsRecordType.HTTPS, 60,
                        Unpooled.wrappedBuffer(rdata)));
            }
        }
        ctx.writeAndFlush(response);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Questions received so far, as "name TYPE". */
    public List<String> questions() {
        return List.copyOf(questions);
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
