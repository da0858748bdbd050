package org.medledger.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What {@code tc netem delay D loss L} does to a node's egress, on a kernel built without
 * sch_netem: in the node's namespace a chain on OUTPUT for eth0 that sends every packet to an
 * NFQUEUE queue, where {@link NfQueueDelayAndLoss} drops the loss share and holds the rest for the
 * delay ({@code --queue-bypass}: packets pass should the loop be gone). {@link #close} removes the
 * chain, then ends the loop; deleting the namespace removes the rules as well (a crashed run).
 */
public final class IptablesNetem implements AutoCloseable {
  /** Queues are per network namespace: one number serves every node. */
  static final int QUEUE = 19;
  static final String CHAIN = "MEDLEDGER-NETEM";

  private final String ns;
  private final NfQueueDelayAndLoss loop;
  private final String description;

  private IptablesNetem(String ns, NfQueueDelayAndLoss loop, String description) {
    this.ns = ns;
    this.loop = loop;
    this.description = description;
  }

  /** Whether the iptables command is here (Debian's package iptables). */
  public static boolean available() {
    try {
      Process p = new ProcessBuilder("iptables", "-V").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Delays every packet {@code ns} sends by eth0 by {@code delayMillis} and drops {@code lossPercent} of them. */
  public static IptablesNetem start(String ns, int delayMillis, int lossPercent) throws IOException, InterruptedException {
    if (lossPercent < 0 || lossPercent > 100 || delayMillis < 0) {
      throw new IllegalArgumentException("delay " + delayMillis + " ms, loss " + lossPercent + "%");
    }
    removeChain(ns);
    NfQueueDelayAndLoss loop = NfQueueDelayAndLoss.start(ns, QUEUE, delayMillis, lossPercent);
    try {
      iptables(ns, "-N", CHAIN);
      iptables(ns, "-A", CHAIN, "-j", "NFQUEUE", "--queue-num", Integer.toString(QUEUE), "--queue-bypass");
      iptables(ns, "-I", "OUTPUT", "-o", "eth0", "-j", CHAIN);
    } catch (IOException | RuntimeException e) {
      removeChain(ns);
      loop.close();
      throw e;
    }
    String what = lossPercent == 0 ? "delay" : delayMillis == 0 ? "loss" : "delay + loss";
    return new IptablesNetem(ns, loop, "iptables NFQUEUE " + what);
  }

  /** How the step was played, e.g. "iptables NFQUEUE delay + loss". */
  public String description() {
    return description;
  }

  /** The loop holding and dropping the node's packets. */
  NfQueueDelayAndLoss loop() {
    return loop;
  }

  /** Removes the rules, then ends the loop once what it holds is released. */
  @Override
  public void close() throws IOException, InterruptedException {
    removeChain(ns);
    try {
      if (chainPresent(ns)) {
        throw new IOException("chain " + CHAIN + " is still in " + ns + " after its removal");
      }
    } finally {
      loop.close();
    }
  }

  /** Whether {@code ns} has this class's chain (left behind, if it has after a heal). */
  static boolean chainPresent(String ns) throws IOException, InterruptedException {
    return run(List.of("ip", "netns", "exec", ns, "iptables", "-w", "-S")).contains(CHAIN);
  }

  private static void removeChain(String ns) throws InterruptedException {
    // Each may find nothing to remove: a chain never made, or removed by an earlier call.
    quietly(ns, "-D", "OUTPUT", "-o", "eth0", "-j", CHAIN);
    quietly(ns, "-F", CHAIN);
    quietly(ns, "-X", CHAIN);
  }

  private static void iptables(String ns, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, "iptables", "-w"));
    cmd.addAll(List.of(args));
    run(cmd);
  }

  private static void quietly(String ns, String... args) throws InterruptedException {
    try {
      iptables(ns, args);
    } catch (IOException ignored) {
      // Nothing there to remove.
    }
  }

  private static String run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
    }
    return out;
  }
}
