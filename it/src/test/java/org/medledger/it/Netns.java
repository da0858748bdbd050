package org.medledger.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
  /** Nodes whose {@link #netem} is played by {@link IptablesNetem}, by node. */
  private final Map<Integer, IptablesNetem> substitutes = new TreeMap<>();

  /**
   * Fixed names: any namespaces left with this prefix (a crashed run's) are removed first, so two
   * runs with one prefix on one machine must not overlap.
   *
   * @param subnet the first three octets, e.g. "10.79.0"
   */
  public Netns(String prefix, String subnet, int size) throws IOException, InterruptedException {
    this(prefix, subnet, size, Setup.CLEAR_THEN_CREATE);
  }

  /** How a constructor finds the names it is given. */
  private enum Setup {
    /** Whatever has these names is removed, then everything is made. */
    CLEAR_THEN_CREATE,
    /** The bridge is this run's claim ({@link #forThisRun}); the rest is made. */
    ON_CLAIMED_BRIDGE,
    /** Nothing is made: the names of a dead run's slot, for {@link #close}. */
    NAMES_ONLY
  }

  private Netns(String prefix, String subnet, int size, Setup setup) throws IOException, InterruptedException {
    this.prefix = prefix;
    this.subnet = subnet;
    this.size = size;
    if (setup == Setup.NAMES_ONLY) {
      return;
    }
    if (setup == Setup.CLEAR_THEN_CREATE) {
      close();
      run("ip", "link", "add", bridge(), "type", "bridge");
    }
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

  /**
   * Namespaces of this run alone: a slot {@code k} (0 to {@value #SLOTS} - 1) that no live run
   * holds, names {@code <family><k>-…} and the subnet {@code <subnet16>.<k>}. Two runs on one
   * machine (two worktrees, or CI beside a developer) then never share a name or an address, and
   * each one's {@link #close} removes only its own. A slot is claimed by creating its bridge,
   * which only one process can do; the claimant's pid is written beside it, so a slot whose
   * claimant died without closing (kill -9) is cleared and taken again.
   *
   * @param family a short name, at most 5 characters (Linux allows 15 for an interface name)
   * @param subnet16 the first two octets, e.g. "10.78"
   */
  public static Netns forThisRun(String family, String subnet16, int size) throws IOException, InterruptedException {
    if (family.length() > 5 || !family.matches("[a-z]+")) {
      throw new IllegalArgumentException("a namespace family is 1 to 5 lower-case letters, not '" + family + "'");
    }
    return forThisRun(family, subnet16, size, (int) (ProcessHandle.current().pid() % SLOTS));
  }

  /** {@link #forThisRun(String, String, int)} looking from slot {@code first} on. */
  static Netns forThisRun(String family, String subnet16, int size, int first) throws IOException, InterruptedException {
    long pid = ProcessHandle.current().pid();
    for (int n = 0; n < SLOTS; n++) {
      int slot = (first + n) % SLOTS;
      String prefix = family + slot + "-";
      String subnet = subnet16 + "." + slot;
      if (claim(prefix, pid)) {
        try {
          return new Netns(prefix, subnet, size, Setup.ON_CLAIMED_BRIDGE);
        } catch (IOException | RuntimeException e) {
          new Netns(prefix, subnet, size, Setup.NAMES_ONLY).close();
          throw e;
        }
      }
      if (claimantDied(prefix)) {
        new Netns(prefix, subnet, MAX_SIZE_OF_A_DEAD_RUN, Setup.NAMES_ONLY).close();
        if (claim(prefix, pid)) {
          return new Netns(prefix, subnet, size, Setup.ON_CLAIMED_BRIDGE);
        }
      }
    }
    throw new IOException("every one of the " + SLOTS + " namespace slots of '" + family + "' is held by a live run");
  }

  /** Slots of {@link #forThisRun}: the third octet of the subnet, so below 255. */
  static final int SLOTS = 200;
  /** Namespaces looked for when clearing a dead run's slot, whose size is not known. */
  private static final int MAX_SIZE_OF_A_DEAD_RUN = 16;

  private static Path claims() {
    return Path.of(System.getProperty("java.io.tmpdir"), "medledger-netns");
  }

  private static boolean claim(String prefix, long pid) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ip", "link", "add", prefix + "br", "type", "bridge").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("ip link add " + prefix + "br did not finish in 30 s");
    }
    if (p.exitValue() != 0) {
      if (out.contains("exists")) {
        return false;
      }
      throw new IOException("ip link add " + prefix + "br type bridge failed: " + out.strip());
    }
    Files.createDirectories(claims());
    Files.writeString(claims().resolve(prefix + "pid"), Long.toString(pid));
    return true;
  }

  /**
   * Whether the slot's claimant is gone. A bridge without a pid file is taken as live: its
   * claimant may be between creating the bridge and writing the file.
   */
  private static boolean claimantDied(String prefix) throws IOException {
    Path file = claims().resolve(prefix + "pid");
    if (!Files.exists(file)) {
      return false;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(file).strip());
    } catch (NumberFormatException e) {
      return true;
    }
    return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
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

  /** What this run's names start with. */
  public String prefix() {
    return prefix;
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

  /**
   * Whether some way to play {@link #netem} is here: {@code tc} (iproute2) for a kernel with
   * sch_netem, or {@code iptables} for {@link IptablesNetem} on a kernel without it.
   */
  public static boolean netemAvailable() {
    return tcAvailable() || IptablesNetem.available();
  }

  private static boolean tcAvailable() {
    try {
      Process p = new ProcessBuilder("tc", "-V").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /**
   * Delays (and drops a share of) every packet node {@code i} sends: with {@code tc netem} where
   * the kernel has sch_netem, else with {@link IptablesNetem} (CI's kernel and this machine's are
   * built without it).
   *
   * @return what played it, for the log: "tc netem" or e.g. "iptables NFQUEUE delay + statistic loss"
   * @throws NetemUnplayable when neither can, saying why
   */
  public String netem(int i, int delayMillis, int lossPercent) throws IOException, InterruptedException {
    String whyNotTc = "no tc (iproute2)";
    if (tcAvailable()) {
      List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns(i), "tc", "qdisc", "replace", "dev", "eth0",
          "root", "netem"));
      if (delayMillis > 0) {
        cmd.addAll(List.of("delay", delayMillis + "ms"));
      }
      if (lossPercent > 0) {
        cmd.addAll(List.of("loss", lossPercent + "%"));
      }
      try {
        run(cmd.toArray(String[]::new));
        return "tc netem";
      } catch (IOException e) {
        if (!e.getMessage().contains("qdisc kind is unknown")) {
          throw e;
        }
        whyNotTc = "this kernel has no netem qdisc (sch_netem)";
      }
    }
    if (!IptablesNetem.available()) {
      throw new NetemUnplayable(whyNotTc + " and no iptables for its substitute (apt-get install iptables)");
    }
    clearNetem(i);
    IptablesNetem substitute = IptablesNetem.start(ns(i), delayMillis, lossPercent);
    substitutes.put(i, substitute);
    return substitute.description() + "; " + whyNotTc;
  }

  /**
   * Takes node {@code i}'s {@link #netem} off: its rules removed and its loop ended, or its qdisc.
   *
   * @return for the log, what the substitute did ("1234 packets delayed, 130 of them dropped"), or "" after tc netem
   */
  public String clearNetem(int i) throws IOException, InterruptedException {
    IptablesNetem substitute = substitutes.remove(i);
    if (substitute == null) {
      quietly("ip", "netns", "exec", ns(i), "tc", "qdisc", "del", "dev", "eth0", "root");
      return "";
    }
    substitute.close();
    NfQueueDelayAndLoss loop = substitute.loop();
    return loop.packets() + " packets queued, " + loop.dropped() + " of them dropped"
        + (loop.overflows() > 0 ? ", " + loop.overflows() + " socket overflows (packets released late)" : "");
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
    for (IptablesNetem substitute : substitutes.values()) {
      try {
        substitute.close();
      } catch (IOException e) {
        // Deleting the namespace below removes its rules and its queue all the same.
        System.err.println("netem substitute not closed cleanly: " + e.getMessage());
      }
    }
    substitutes.clear();
    for (int i = 0; i < size; i++) {
      quietly("ip", "netns", "del", ns(i));
      quietly("ip", "link", "del", prefix + "v" + i);
    }
    quietly("ip", "link", "del", bridge());
    try {
      Files.deleteIfExists(claims().resolve(prefix + "pid"));
    } catch (IOException ignored) {
      // A fixed-prefix run has no claim file; a left one only marks a slot free to retake.
    }
  }
}
