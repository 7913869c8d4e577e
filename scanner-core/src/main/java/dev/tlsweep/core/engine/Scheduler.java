package dev.tlsweep.core.engine;

import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Admission control: who may open a connection now, and who waits.
 *
 * <p>All state lives on one event loop and every method must be called on it (asserted, like
 * Netty's {@code FixedChannelPool}). Jobs wait in a FIFO per endpoint; endpoints that have waiting
 * jobs and a free per-endpoint slot wait in a FIFO of ready endpoints, so a global slot goes to the
 * endpoints in turn and one busy endpoint cannot starve the others. Counters that {@link
 * ScanEngine#stats()} reads from other threads are volatile with this loop as the single writer.
 */
final class Scheduler {

  private static final class Endpoint {
    final InetSocketAddress address;
    final ArrayDeque<Job<?>> waiting = new ArrayDeque<>();
    int active;
    boolean ready;

    Endpoint(InetSocketAddress address) {
      this.address = address;
    }
  }

  private final EventLoop loop;
  private final int maxInFlight;
  private final int maxPerEndpoint;
  private final Consumer<Job<?>> starter;
  private final Map<InetSocketAddress, Endpoint> endpoints = new HashMap<>();
  private final ArrayDeque<Endpoint> ready = new ArrayDeque<>();
  private final Set<Job<?>> backingOff = new HashSet<>();
  private boolean shutDown;

  private volatile int inFlight;
  private volatile int queued;

  /**
   * @param starter opens the connection for a job that was granted a slot; called on the loop,
   *     must not block, and must eventually lead to exactly one {@link #release} for that slot
   */
  Scheduler(EventLoop loop, int maxInFlight, int maxPerEndpoint, Consumer<Job<?>> starter) {
    this.loop = loop;
    this.maxInFlight = maxInFlight;
    this.maxPerEndpoint = maxPerEndpoint;
    this.starter = starter;
  }

  EventLoop loop() {
    return loop;
  }

  int inFlight() {
    return inFlight;
  }

  int queued() {
    return queued;
  }

  /** Queues a job for a slot; returns false (and queues nothing) after {@link #shutDown()}. */
  boolean submit(Job<?> job) {
    assert loop.inEventLoop();
    backingOff.remove(job);
    if (shutDown) {
      return false;
    }
    Endpoint endpoint = endpoints.computeIfAbsent(job.address, Endpoint::new);
    endpoint.waiting.add(job);
    queued++;
    markReadyIfEligible(endpoint);
    drain();
    return true;
  }

  /** Gives back the slot held by an attempt to {@code address}. */
  void release(InetSocketAddress address) {
    assert loop.inEventLoop();
    Endpoint endpoint = endpoints.get(address);
    if (endpoint == null || endpoint.active == 0) {
      throw new IllegalStateException("release without a slot: " + address);
    }
    endpoint.active--;
    inFlight--;
    if (endpoint.active == 0 && endpoint.waiting.isEmpty()) {
      endpoints.remove(address);
    } else {
      markReadyIfEligible(endpoint);
    }
    drain();
  }

  /** Notes that a job waits in retry backoff, so that {@link #shutDown()} can fail it. */
  void backingOff(Job<?> job) {
    assert loop.inEventLoop();
    backingOff.add(job);
  }

  /**
   * Stops admitting: returns every job that was waiting for a slot or in retry backoff, for the
   * caller to fail. Slots in use are still released as their attempts end.
   */
  List<Job<?>> shutDown() {
    assert loop.inEventLoop();
    shutDown = true;
    List<Job<?>> dropped = new ArrayList<>(backingOff);
    backingOff.clear();
    for (Endpoint endpoint : endpoints.values()) {
      dropped.addAll(endpoint.waiting);
      endpoint.waiting.clear();
    }
    ready.clear();
    queued = 0;
    return dropped;
  }

  boolean isShutDown() {
    assert loop.inEventLoop();
    return shutDown;
  }

  private void markReadyIfEligible(Endpoint endpoint) {
    if (!endpoint.ready && !endpoint.waiting.isEmpty() && endpoint.active < maxPerEndpoint) {
      endpoint.ready = true;
      ready.add(endpoint);
    }
  }

  private void drain() {
    while (inFlight < maxInFlight && !ready.isEmpty()) {
      Endpoint endpoint = ready.poll();
      endpoint.ready = false;
      Job<?> job = endpoint.waiting.poll();
      if (job == null) {
        continue;
      }
      queued--;
      if (job.future.isDone()) {
        // Cancelled by the caller while queued: it needs no slot.
        if (endpoint.active == 0 && endpoint.waiting.isEmpty()) {
          endpoints.remove(endpoint.address);
        } else {
          markReadyIfEligible(endpoint);
        }
        continue;
      }
      endpoint.active++;
      inFlight++;
      markReadyIfEligible(endpoint);
      starter.accept(job);
    }
  }
}
