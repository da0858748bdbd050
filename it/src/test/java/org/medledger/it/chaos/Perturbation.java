package org.medledger.it.chaos;

import java.time.Duration;

/**
 * One fault a manifest schedules, on one node's process, clock, disk or network namespace, or
 * on the links between namespaces. Each ends (heals) on its own: a step leaves every node running
 * and every link whole, so the next step starts from a network that can commit.
 */
public sealed interface Perturbation {
  /** The manifest words of this fault (after {@code at <time>}), which {@link ChaosManifest} reads back. */
  String manifestText();

  /** The node the fault strikes (a partition: the isolated node, else 0). */
  int node();

  /** How long the fault lasts before it is healed (zero: it is over as soon as it is done). */
  Duration lasts();

  /** The node's only link down for a while: its TCP connections break at once. */
  record Disconnect(int node, Duration lasts) implements Perturbation {
    @Override
    public String manifestText() {
      return "disconnect node=" + node + " for=" + ManifestDurations.format(lasts);
    }
  }

  /** {@code kill -9}, down for a while, then started again on the same data folder. */
  record Kill(int node, Duration down) implements Perturbation {
    @Override
    public String manifestText() {
      return "kill node=" + node + " down=" + ManifestDurations.format(down);
    }

    @Override
    public Duration lasts() {
      return down;
    }
  }

  /** SIGSTOP, then SIGCONT: a process that is alive, holds its connections, and says nothing. */
  record Pause(int node, Duration lasts) implements Perturbation {
    @Override
    public String manifestText() {
      return "pause node=" + node + " for=" + ManifestDurations.format(lasts);
    }
  }

  /** SIGTERM (the node closes itself), then started again. */
  record Restart(int node) implements Perturbation {
    @Override
    public String manifestText() {
      return "restart node=" + node;
    }

    @Override
    public Duration lasts() {
      return Duration.ZERO;
    }
  }

  /** Links cut between groups of nodes ({@link PartitionShape}); {@code node} names the isolated one. */
  record Partition(PartitionShape shape, int node, Duration lasts) implements Perturbation {
    @Override
    public String manifestText() {
      return "partition shape=" + shape.word() + (shape == PartitionShape.ISOLATE ? " node=" + node : "") + " for="
          + ManifestDurations.format(lasts);
    }
  }

  /** Every packet the node sends delayed, and a share dropped ({@code tc netem}). */
  record Netem(int node, int delayMillis, int lossPercent, Duration lasts) implements Perturbation {
    @Override
    public String manifestText() {
      return "netem node=" + node + " delay=" + delayMillis + "ms loss=" + lossPercent + "% for=" + ManifestDurations.format(lasts);
    }
  }

  /**
   * The node restarted with its clock {@code offset} off (negative: behind), through the clock the
   * node is given (-Dmedledger.clock.skewMillis), and after {@code lasts} restarted on time again.
   */
  record ClockSkew(int node, Duration offset, Duration lasts) implements Perturbation {
    @Override
    public String manifestText() {
      return "skew node=" + node + " offset=" + (offset.isNegative() ? "-" : "+") + ManifestDurations.format(offset.abs())
          + " for=" + ManifestDurations.format(lasts);
    }
  }

  /**
   * The node's ledger backed up (killed, copied, started), and {@code age} later the node killed
   * and restarted on that older copy; its consensus folder (its last votes) stays as it was, so it
   * must sync forward and never sign a second vote for a step it voted at.
   */
  record StaleRestart(int node, Duration age) implements Perturbation {
    @Override
    public String manifestText() {
      return "stale-restart node=" + node + " age=" + ManifestDurations.format(age);
    }

    @Override
    public Duration lasts() {
      return age;
    }
  }

  /**
   * Twins on real processes: a second process with the node's key (its node.json with its own
   * data folder, a copy of the node's taken with the node stopped, and the spare namespace's
   * address) runs {@code apart} on the other side of a partition from the node, each with part
   * of the others and one validator hearing both, then {@code together} with every link whole,
   * then is killed. Both sign with one key, so they sign conflicting proposals and votes: the
   * honest nodes must not fork, and evidence naming the node must reach the chain.
   */
  record Twin(int node, Duration apart, Duration together) implements Perturbation {
    @Override
    public String manifestText() {
      return "twin node=" + node + " apart=" + ManifestDurations.format(apart) + " together=" + ManifestDurations.format(together);
    }

    @Override
    public Duration lasts() {
      return apart.plus(together);
    }
  }
}
