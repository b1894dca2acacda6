package io.parley.transaction;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link TransactionOutput} over String messages that records every call as a line ("send
 * INVITE", "tu 180", "start A 500", "cancel A", "timedOut B", "transportFailed", "terminated")
 * and runs the machine's timers on a fake clock in milliseconds.
 */
final class RecordingOutput implements TransactionOutput<String> {

  private final List<String> lines = new ArrayList<>();
  private final List<Sent> sent = new ArrayList<>();
  private final Map<TimerName, Long> due = new EnumMap<>(TimerName.class);
  private TransactionMachine<String> machine;
  private long now;

  /** The machine whose timers this output fires. */
  void attach(TransactionMachine<String> machine) {
    this.machine = machine;
  }

  /** The lines recorded since the last call, which are then forgotten. */
  List<String> take() {
    List<String> taken = List.copyOf(lines);
    lines.clear();
    return taken;
  }

  /** The fake clock times (ms) at which {@code message} was sent. */
  List<Long> sendTimesOf(String message) {
    return sent.stream().filter(s -> s.message().equals(message)).map(Sent::at).toList();
  }

  private record Sent(long at, String message) {}

  /** Moves the clock forward, firing due timers in order of their due time. */
  void advance(long millis) {
    long target = now + millis;
    while (true) {
      TimerName next = null;
      long nextDue = Long.MAX_VALUE;
      for (Map.Entry<TimerName, Long> e : due.entrySet()) {
        if (e.getValue() < nextDue) {
          next = e.getKey();
          nextDue = e.getValue();
        }
      }
      if (next == null || nextDue > target) {
        break;
      }
      now = nextDue;
      due.remove(next);
      machine.onTimer(next);
    }
    now = target;
  }

  boolean isRunning(TimerName timer) {
    return due.containsKey(timer);
  }

  @Override
  public void send(String message) {
    lines.add("send " + message);
    sent.add(new Sent(now, message));
  }

  @Override
  public void passToTu(String message) {
    lines.add("tu " + message);
  }

  @Override
  public void startTimer(TimerName timer, Duration delay) {
    lines.add("start " + timer + " " + delay.toMillis());
    due.put(timer, now + delay.toMillis());
  }

  @Override
  public void cancelTimer(TimerName timer) {
    lines.add("cancel " + timer);
    due.remove(timer);
  }

  @Override
  public void timedOut(TimerName timer) {
    lines.add("timedOut " + timer);
  }

  @Override
  public void transportFailed() {
    lines.add("transportFailed");
  }

  @Override
  public void terminated() {
    lines.add("terminated");
  }
}
