package dev.tlsweep.core.engine;

import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.unix.Errors;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.util.Locale;

/** The one place where exceptions become {@link Outcome}s. */
final class Failures {

    private Failures() {}

    /**
     * Maps a failure of a connection attempt to an outcome.
     *
     * @param cause what Netty or the JDK reported
     * @param connected whether the TCP connection had been established when it happened
     */
    static Outcome classify(Throwable cause, boolean connected) {
        Throwable t = unwrap(cause);
        if (t instanceof ConnectTimeoutException) {
            return Outcome.CONNECT_TIMEOUT;
        }
        if (t instanceof NoRouteToHostException) {
            return Outcome.UNREACHABLE;
        }
        if (t instanceof Errors.NativeIoException nativeIo) {
            Outcome byErrno = byErrno(nativeIo.expectedErr(), connected);
            if (byErrno != null) {
                return byErrno;
            }
        }
        String message = lower(t.getMessage());
        if (message.contains("unreachable")) {
            return Outcome.UNREACHABLE;
        }
        if (message.contains("connection reset")) {
            // The peer accepted the connection and reset it at once (a front shedding load): the TCP handshake
            // was answered, so this is a reset, not a refusal, even when it surfaces while finishing the connect.
            return Outcome.RESET;
        }
        if (t instanceof ConnectException || t instanceof PortUnreachableException) {
            if (message.contains("timed out")) {
                return Outcome.CONNECT_TIMEOUT;
            }
            return Outcome.REFUSED;
        }
        if (t instanceof SocketTimeoutException || message.contains("timed out")) {
            return connected ? Outcome.READ_TIMEOUT : Outcome.CONNECT_TIMEOUT;
        }
        if (t instanceof IOException
                && (message.contains("connection reset") || message.contains("broken pipe"))) {
            return Outcome.RESET;
        }
        return Outcome.ERROR;
    }

    /** errno EMFILE: the process has no file descriptor left. */
    private static final int EMFILE = 24;
    /** errno ENFILE: the system has no file descriptor left. */
    private static final int ENFILE = 23;

    /**
     * Whether a connection could not be opened because no file descriptor was left (EMFILE, ENFILE):
     * a local shortage that says nothing of the peer, and passes once connections close.
     */
    static boolean outOfDescriptors(Throwable cause) {
        Throwable t = cause;
        for (int depth = 0; depth < 8 && t != null; depth++, t = t.getCause()) {
            if (t instanceof Errors.NativeIoException nativeIo
                    && (nativeIo.expectedErr() == -EMFILE || nativeIo.expectedErr() == -ENFILE)) {
                return true;
            }
            String message = lower(t.getMessage());
            if (message.contains("too many open files")) {
                return true;
            }
        }
        return false;
    }

    /** A one-line description of a failure for {@link Exchange#detail()}. */
    static String describe(Throwable cause) {
        Throwable t = unwrap(cause);
        String message = t.getMessage();
        return message == null || message.isEmpty()
                ? t.getClass().getName()
                : t.getClass().getSimpleName() + ": " + message;
    }

    private static Outcome byErrno(int negativeErrno, boolean connected) {
        if (negativeErrno == Errors.ERRNO_ECONNRESET_NEGATIVE
                || negativeErrno == Errors.ERRNO_EPIPE_NEGATIVE) {
            return Outcome.RESET;
        }
        if (negativeErrno == Errors.ERROR_ECONNREFUSED_NEGATIVE) {
            return connected ? Outcome.RESET : Outcome.REFUSED;
        }
        if (negativeErrno == Errors.ERROR_EHOSTUNREACH_NEGATIVE
                || negativeErrno == Errors.ERROR_ENETUNREACH_NEGATIVE) {
            return Outcome.UNREACHABLE;
        }
        return null;
    }

    private static Throwable unwrap(Throwable cause) {
        Throwable t = cause;
        // Netty wraps some failures (e.g. exceptions thrown by handlers); look through plain wrappers.
        for (int depth = 0; depth < 8 && t.getCause() != null && !(t instanceof IOException); depth++) {
            t = t.getCause();
        }
        return t;
    }

    private static String lower(String message) {
        return message == null ? "" : message.toLowerCase(Locale.ROOT);
    }
}
