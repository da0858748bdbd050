package org.medledger.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Linux network namespaces joined by a bridge, one per node, so a test can cut and heal links
 * between real processes. A partition is a pair of blackhole routes per cut link (no iptables
 * needed): packets to the other side vanish, as on a failed WAN link.
 */
public final class Netns implements AutoCloseable {
  private final String prefix;
  private final String subnet;
  private final int size;
  private final List<String[]> cuts = new ArrayList<>();

  /** @param subnet the first three octets, e.g. "10.79.0" */
  public Netns(String prefix, String subnet, int size) throws IOException, InterruptedException {
    this.prefix = prefix;
    this.subnet = subnet;
    this.size = size;
    close();
    run("ip", "link", "add", bridge(), "type", "bridge");
    run("ip", "addr", "add", subnet + ".254/24", "dev", bridge());
    run("ip", "link", "set", bridge(), "up");
    for (int i = 0; i < size; i++) {
      run("ip", "netns", "add", ns(i));
      run("ip", "link", "add", prefix + "v" + i, "type", "veth", "peer", "name", "eth0", "netns", ns(i));
      run("ip", "link", "set", prefix + "v" + i, "master", bridge(), "up");
      run("ip", "netns", "exec", ns(i), "ip", "addr", "add", ip(i) + "/24", "dev", "eth0");
      run("ip", "netns", "exec", ns(i), "ip", "link", "set", "eth0", "up");
      run("ip", "netns", "exec", ns(i), "ip", "link", "set", "lo", "up");
    }
  }

  /** Whether this machine lets us make namespaces (root on Linux with iproute2). */
  public static boolean available() {
    try {
      Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && "root".equals(System.getProperty("user.name"));
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  public String ns(int i) {
    return prefix + i;
  }

  public String ip(int i) {
    return subnet + "." + (i + 1);
  }

  private String bridge() {
    return prefix + "br";
  }

  /** Cuts every link between a node of {@code left} and a node of {@code right}. */
  public void partition(List<Integer> left, List<Integer> right) throws IOException, InterruptedException {
    for (int a : left) {
      for (int b : right) {
        cut(a, b);
        cut(b, a);
      }
    }
  }

  private void cut(int from, int to) throws IOException, InterruptedException {
    run("ip", "netns", "exec", ns(from), "ip", "route", "add", "blackhole", ip(to) + "/32");
    cuts.add(new String[] {ns(from), ip(to)});
  }

  public void heal() throws IOException, InterruptedException {
    for (String[] c : cuts) {
      run("ip", "netns", "exec", c[0], "ip", "route", "del", "blackhole", c[1] + "/32");
    }
    cuts.clear();
  }

  /** Whether {@code tc} (iproute2) is here for {@link #netem}. */
  public static boolean netemAvailable() {
    try {
      Process p = new ProcessBuilder("tc", "-V").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Delays (and drops a share of) every packet node {@code i} sends, with {@code tc netem}. */
  public void netem(int i, int delayMillis, int lossPercent) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns(i), "tc", "qdisc", "replace", "dev", "eth0", "root", "netem"));
    if (delayMillis > 0) {
      cmd.addAll(List.of("delay", delayMillis + "ms"));
    }
    if (lossPercent > 0) {
      cmd.addAll(List.of("loss", lossPercent + "%"));
    }
    run(cmd.toArray(String[]::new));
  }

  /** Takes node {@code i}'s {@link #netem} off. */
  public void clearNetem(int i) throws InterruptedException {
    quietly("ip", "netns", "exec", ns(i), "tc", "qdisc", "del", "dev", "eth0", "root");
  }

  /** Node {@code i}'s only link down (up): its connections break at once, unlike a blackhole's silence. */
  public void link(int i, boolean up) throws IOException, InterruptedException {
    run("ip", "netns", "exec", ns(i), "ip", "link", "set", "eth0", up ? "up" : "down");
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
  }

  private static void quietly(String... cmd) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (IOException ignored) {
      // Nothing to clean.
    }
  }

  @Override
  public void close() throws InterruptedException {
    cuts.clear();
    for (int i = 0; i < size; i++) {
      quietly("ip", "netns", "del", ns(i));
      quietly("ip", "link", "del", prefix + "v" + i);
    }
    quietly("ip", "link", "del", bridge());
  }
}
