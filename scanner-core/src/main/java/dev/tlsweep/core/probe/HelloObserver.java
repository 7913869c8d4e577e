package dev.tlsweep.core.probe;

/**
 * Told of every hello's answer, for instrumentation. Called on an event-loop thread: implementations
 * must be quick and must not block (increment a counter, record a latency).
 */
@FunctionalInterface
public interface HelloObserver {

    /** Observes nothing. */
    HelloObserver NONE = (answer, elapsedNanos) -> { };

    /**
     * One hello was answered.
     *
     * @param answer       how the server answered
     * @param elapsedNanos from the hand-off to the engine to the answer, including time queued for a
     *                     connection slot and retries
     */
    void answered(HelloAnswer answer, long elapsedNanos);
}
