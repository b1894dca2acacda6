package io.parley.common;

/**
 * Where a component reports how long something took, so the layer that measures needs no
 * metrics library: the node hands in one backed by a histogram. Called on hot paths, from any
 * thread; an implementation must be cheap and must not block.
 */
@FunctionalInterface
public interface LatencyRecorder {
  /** Records nothing: for components run without a node (tests, benchmarks). */
  LatencyRecorder NONE = nanos -> { };

  /** Records one duration, in nanoseconds. */
  void record(long nanos);
}
