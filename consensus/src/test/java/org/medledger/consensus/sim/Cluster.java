package org.medledger.consensus.sim;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.medledger.consensus.ConsensusApplication;
import org.medledger.consensus.ConsensusOutbox;
import org.medledger.consensus.EngineState;
import org.medledger.consensus.PersistFailedException;
import org.medledger.consensus.Timeout;
import org.medledger.consensus.TimeoutPolicy;
import org.medledger.consensus.ValidatorSchedule;
import org.medledger.consensus.ValidatorSet;
import org.medledger.consensus.message.ConsensusMessage;
import org.medledger.consensus.message.Proposal;
import org.medledger.consensus.message.Step;
import org.medledger.consensus.message.Vote;
import org.medledger.consensus.statemachine.TendermintEngine;
import org.medledger.core.block.CommitCertificate;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;

/**
 * A scripted virtual-time network of real engines for scenario tests: the test chooses which
 * links carry messages and which validators are Byzantine (those run no engine; the test signs
 * and injects their messages itself with their keys). One millisecond per hop unless the test
 * sets {@link #delay}; timers fire in virtual time.
 */
final class Cluster {
  static final String CHAIN = Simulation.CHAIN;
  static final TimeoutPolicy TIMEOUTS = new TimeoutPolicy(1_000, 500);

  final int n;
  final SimKeys keys;
  final ValidatorSet validators;
  final Member[] members;
  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  /** Whether a message from one validator reaches another. */
  interface Link {
    boolean carries(int from, int to, ConsensusMessage m);
  }

  Link link = (a, b, m) -> true;

  /** How many milliseconds a message from one validator takes to reach another (at least one). */
  interface Delay {
    long of(int from, int to, ConsensusMessage m);
  }

  Delay delay = (a, b, m) -> 1;
  /** When set, every engine follows it (validators' ids are their keys' ids, {@link SimKeys#id}). */
  ValidatorSchedule schedule;
  long now;
  private long seq;

  record Decided(long height, int round, Hash id, byte[] value, CommitCertificate certificate) {}

  private record Event(long time, long seq, int to, int epoch, ConsensusMessage message, Timeout timeout)
      implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      return time != o.time ? Long.compare(time, o.time) : Long.compare(seq, o.seq);
    }
  }

  /** {@code byzantine} validators run no engine: the test speaks for them. */
  Cluster(int n, int... byzantine) {
    this(n, new SimKeys(n, 7), byzantineSet(n, byzantine));
  }

  Cluster(int n, ValidatorSet validators, int... byzantine) {
    this(n, new SimKeys(n, 7), validators, byzantineSet(n, byzantine));
  }

  private Cluster(int n, SimKeys keys, boolean[] byzantine) {
    this(n, keys, keys.validatorSet(), byzantine);
  }

  private Cluster(int n, SimKeys keys, ValidatorSet validators, boolean[] byzantine) {
    this.n = n;
    this.keys = keys;
    this.validators = validators;
    this.members = new Member[n];
    for (int i = 0; i < n; i++) {
      members[i] = new Member(i, byzantine[i]);
    }
  }

  private static boolean[] byzantineSet(int n, int... byzantine) {
    boolean[] b = new boolean[n];
    for (int i : byzantine) {
      b[i] = true;
    }
    return b;
  }

  /** The keys a {@link Cluster} built with {@code n} validators uses (to build its validator set). */
  static SimKeys keysFor(int n) {
    return new SimKeys(n, 7);
  }

  /** Starts every honest engine at height 0. */
  Cluster start() {
    for (Member m : members) {
      if (!m.byzantine) {
        m.boot();
      }
    }
    return this;
  }

  /** Runs events in virtual time until none is due before {@code now + millis}. */
  void runFor(long millis) {
    long until = now + millis;
    while (!queue.isEmpty() && queue.peek().time() <= until) {
      Event e = queue.poll();
      now = e.time();
      Member m = members[e.to()];
      if (m.byzantine || m.down) {
        continue;
      }
      try {
        if (e.timeout() != null) {
          if (e.epoch() == m.epoch) {
            m.engine.onTimeout(e.timeout());
          }
        } else {
          m.engine.onMessage(e.message());
        }
      } catch (PersistFailedException stopped) {
        // As the node does: its consensus stops until an operator restarts it.
        m.stoppedBy = stopped;
        m.crash();
      }
    }
    now = until;
  }

  /** Delivers {@code m} to validator {@code to} one millisecond from now, whatever the links. */
  void inject(int to, ConsensusMessage m) {
    queue.add(new Event(now + 1, seq++, to, -1, m, null));
  }

  void injectAll(ConsensusMessage m, int... to) {
    for (int t : to) {
      inject(t, m);
    }
  }

  static byte[] value(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static Hash idOf(byte[] value) {
    return Hash.of(CryptoSuites.intl().hash().hash(value));
  }

  Proposal proposal(int sender, long height, int round, byte[] value, int validRound) {
    Hash id = idOf(value);
    return new Proposal(height, round, value, id, validRound, sender,
        keys.signer(sender).sign(Proposal.signedBytes(CHAIN, height, round, id, validRound)));
  }

  Vote vote(Step step, int sender, long height, int round, Hash id) {
    return new Vote(step, height, round, id, sender, keys.signer(sender).sign(Vote.signedBytes(CHAIN, step, height, round, id)));
  }

  /** One honest validator: a real engine over an application of text values. */
  final class Member implements ConsensusApplication, ConsensusOutbox {
    final int index;
    final boolean byzantine;
    final List<Decided> decided = new ArrayList<>();
    final List<ConsensusMessage> sent = new ArrayList<>();
    TendermintEngine engine;
    EngineState saved;
    int epoch;
    boolean down;
    /** Saves that succeed before the disk fails (simulated); then every save throws. */
    int savesBeforeFailure = Integer.MAX_VALUE;
    PersistFailedException stoppedBy;
    /** Whether this validator's clock finds a value's time acceptable (for fresh proposals). */
    java.util.function.Predicate<byte[]> timely = v -> true;
    private int proposals;
    /** The keys this member's node holds (with a schedule): its own, and a rotated one the test adds. */
    int[] heldKeys;

    Member(int index, boolean byzantine) {
      this.index = index;
      this.byzantine = byzantine;
      this.heldKeys = new int[] {index};
    }

    private List<org.medledger.consensus.ValidatorKey> validatorKeys() {
      List<org.medledger.consensus.ValidatorKey> out = new ArrayList<>();
      for (int k : heldKeys) {
        out.add(new org.medledger.consensus.ValidatorKey(SimKeys.id(k), keys.signer(k)));
      }
      return out;
    }

    void boot() {
      epoch++;
      down = false;
      engine = schedule == null
          ? new TendermintEngine(CHAIN, index, validators, keys.signer(index), this, this, TIMEOUTS)
          : new TendermintEngine(CHAIN, this::validatorKeys, schedule, this, this, TIMEOUTS);
      try {
        if (saved != null && saved.height() == decided.size()) {
          engine.resume(saved);
        } else {
          engine.start(decided.size());
        }
      } catch (PersistFailedException stopped) {
        stoppedBy = stopped;
        crash();
      }
    }

    void crash() {
      down = true;
      epoch++;
    }

    Hash decidedAt(long height) {
      return height < decided.size() ? decided.get((int) height).id() : null;
    }

    @Override
    public byte[] propose(long height, int round) {
      return value("block:" + height + ":" + index + ":" + round + ":" + (proposals++));
    }

    @Override
    public Hash idOf(byte[] value) {
      return Cluster.idOf(value);
    }

    @Override
    public boolean isValid(long height, byte[] value) {
      return new String(value, StandardCharsets.UTF_8).startsWith("block:" + height + ":");
    }

    @Override
    public boolean isTimely(long height, byte[] value) {
      return timely.test(value);
    }

    @Override
    public void commit(long height, int round, byte[] value, Hash id, CommitCertificate certificate) {
      decided.add(new Decided(height, round, id, value, certificate));
    }

    @Override
    public void broadcast(ConsensusMessage m) {
      sent.add(m);
      for (int j = 0; j < n; j++) {
        if (j != index && link.carries(index, j, m)) {
          queue.add(new Event(now + Math.max(1, delay.of(index, j, m)), seq++, j, -1, m, null));
        }
      }
    }

    @Override
    public void schedule(Timeout t) {
      queue.add(new Event(now + t.delayMillis(), seq++, index, epoch, null, t));
    }

    @Override
    public void persist(EngineState state) {
      if (savesBeforeFailure <= 0) {
        throw new UncheckedIOException(new java.io.IOException("disk full (simulated)"));
      }
      savesBeforeFailure--;
      saved = state;
    }
  }
}
