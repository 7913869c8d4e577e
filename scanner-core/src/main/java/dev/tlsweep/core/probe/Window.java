package dev.tlsweep.core.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs tasks with at most a fixed number under way: the next starts when one ends. Bounds the work a probe
 * queues in the engine for one endpoint (an exhaustive enumeration has hundreds of hellos per version).
 * Tasks that end at once (a stopped scan) are started in a loop, not by recursion. Thread-safe.
 */
final class Window<I, O> {

    private final List<I> inputs;
    private final Function<I, CompletableFuture<O>> task;
    private final int width;
    private final List<CompletableFuture<O>> results = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger work = new AtomicInteger();

    private Window(List<I> inputs, Function<I, CompletableFuture<O>> task, int width) {
        this.inputs = List.copyOf(inputs);
        this.task = task;
        this.width = width;
        for (int i = 0; i < this.inputs.size(); i++) {
            results.add(new CompletableFuture<>());
        }
    }

    /** Starts {@code task} on each input, at most {@code width} at once; one future per input, in order. */
    static <I, O> List<CompletableFuture<O>> run(List<I> inputs, int width, Function<I, CompletableFuture<O>> task) {
        if (width < 1) {
            throw new IllegalArgumentException("width: " + width + " (expected: > 0)");
        }
        Window<I, O> w = new Window<>(inputs, task, width);
        w.pump();
        return w.results;
    }

    /** Starts what the window allows; a call made while another is starting tasks leaves the work to it. */
    private void pump() {
        if (work.getAndIncrement() != 0) {
            return;
        }
        do {
            while (running.get() < width) {
                int i = next.getAndIncrement();
                if (i >= inputs.size()) {
                    break;
                }
                running.incrementAndGet();
                CompletableFuture<O> started;
                try {
                    started = task.apply(inputs.get(i));
                } catch (RuntimeException e) {
                    started = CompletableFuture.failedFuture(e);
                }
                CompletableFuture<O> result = results.get(i);
                started.whenComplete((value, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else {
                        result.complete(value);
                    }
                    running.decrementAndGet();
                    pump();
                });
            }
        } while (work.decrementAndGet() != 0);
    }
}
