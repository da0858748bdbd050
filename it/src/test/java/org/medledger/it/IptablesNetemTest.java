package org.medledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The netem substitute on real links ({@link IptablesNetem}): echo servers in a node's namespace,
 * opened there by {@link InNamespace}, and a client in this JVM's namespace across the bridge, so
 * every reply leaves by the node's eth0, where the rules are. Round trips are Java sockets, not
 * ping. Needs root and iproute2 (skipped otherwise) and iptables (bin/test installs it; missing,
 * the test fails). About 15 seconds.
 */
class IptablesNetemTest {
  private static final int DELAY_MILLIS = 150;
  private static final int TCP_PORT = 7401;
  private static final int UDP_PORT = 7402;
  private static final int DATAGRAMS = 500;

  private Netns netns;
  private ServerSocket tcp;
  private DatagramSocket udp;

  @BeforeEach
  void echoServersInTheNodesNamespace() throws Exception {
    Assumptions.assumeTrue(Netns.available(), "needs root and iproute2 for network namespaces");
    assertThat(IptablesNetem.available()).as("iptables installed (bin/test: apt-get install iptables)").isTrue();
    netns = Netns.forThisRun("mlnq", "10.76", 1);
    InetAddress node = InetAddress.getByName(netns.ip(0));
    tcp = InNamespace.call(netns.ns(0), () -> new ServerSocket(TCP_PORT, 50, node));
    udp = InNamespace.call(netns.ns(0), () -> new DatagramSocket(new InetSocketAddress(node, UDP_PORT)));
    daemon("tcp-echo", this::echoTcp);
    daemon("udp-echo", this::echoUdp);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (tcp != null) {
      tcp.close();
    }
    if (udp != null) {
      udp.close();
    }
    if (netns != null) {
      netns.close();
    }
  }

  @Test
  void delaysEveryPacketTheNodeSendsByTheDelayAndHealsWithNothingLeft() throws Exception {
    List<Long> before = roundTrips(20);
    long connectBefore = connectMillis();
    NfQueueDelayAndLoss loop;
    try (IptablesNetem netem = IptablesNetem.start(netns.ns(0), DELAY_MILLIS, 0)) {
      assertThat(netem.description()).isEqualTo("iptables NFQUEUE delay");
      loop = netem.loop();
      List<Long> during = roundTrips(20);
      long connectDuring = connectMillis();
      System.out.println("round trips (ms) before " + before + ", with " + DELAY_MILLIS + " ms delay " + during
          + "; connect " + connectBefore + " ms, then " + connectDuring + " ms; " + loop.packets() + " packets held");
      assertThat(min(during)).as("every round trip with the delay").isGreaterThanOrEqualTo(DELAY_MILLIS);
      assertThat(median(during) - median(before)).as("the median round trip's rise").isGreaterThanOrEqualTo(DELAY_MILLIS);
      assertThat(connectDuring).as("a connect, whose SYN-ACK the node sends").isGreaterThanOrEqualTo(DELAY_MILLIS);
      assertThat(loop.packets()).as("packets the loop held").isGreaterThanOrEqualTo(20);
      assertThat(queues(netns.ns(0))).as("the node's netfilter queues").contains(" " + IptablesNetem.QUEUE + " ");
    }
    assertThat(loop.ended()).as("the delay loop's threads ended").isTrue();
    assertThat(IptablesNetem.chainPresent(netns.ns(0))).as("the chain left in the node's namespace").isFalse();
    assertThat(queues(netns.ns(0))).as("queues left bound in the node's namespace").isBlank();
    List<Long> after = roundTrips(20);
    System.out.println("round trips (ms) after the heal " + after);
    assertThat(median(after)).as("the median round trip after the heal").isLessThan(median(before) + DELAY_MILLIS / 2);
  }

  @Test
  void dropsTheLossShareOfWhatTheNodeSends() throws Exception {
    int before = udpEchoes();
    int during;
    long dropped;
    long queued;
    try (IptablesNetem netem = IptablesNetem.start(netns.ns(0), 0, 30)) {
      assertThat(netem.description()).isEqualTo("iptables NFQUEUE loss");
      during = udpEchoes();
      dropped = netem.loop().dropped();
      queued = netem.loop().packets();
    }
    int after = udpEchoes();
    System.out.println("UDP echoes of " + DATAGRAMS + ": " + before + " before, " + during + " with 30% loss ("
        + queued + " queued, " + dropped + " dropped), " + after + " after the heal");
    assertThat(before).as("echoes without loss").isGreaterThanOrEqualTo(DATAGRAMS - 5);
    // 350 expected; 280 and 420 are 7 standard deviations (10.2) away.
    assertThat(during).as("echoes with 30% of the node's packets dropped").isBetween(280, 420);
    assertThat(queued).as("replies the node sent into the queue").isEqualTo(DATAGRAMS);
    assertThat(during + dropped).as("echoes and drops together").isEqualTo(DATAGRAMS);
    assertThat(after).as("echoes after the heal").isGreaterThanOrEqualTo(DATAGRAMS - 5);
  }

  /** Through {@link Netns#netem}, as ChaosRun plays a step: delay and loss at once, over TCP. */
  @Test
  void netnsPlaysDelayWithLossAndSaysHow() throws Exception {
    String playedBy = netns.netem(0, DELAY_MILLIS, 10);
    List<Long> during;
    try {
      assertThat(playedBy).isIn("tc netem",
          "iptables NFQUEUE delay + loss; this kernel has no netem qdisc (sch_netem)");
      // Lost segments are retransmitted: every exchange still completes, a retransmitted one late.
      during = roundTrips(20);
    } finally {
      netns.clearNetem(0);
    }
    System.out.println("played by " + playedBy + "; round trips (ms) " + during);
    assertThat(min(during)).isGreaterThanOrEqualTo(DELAY_MILLIS);
    assertThat(IptablesNetem.chainPresent(netns.ns(0))).as("the chain left after clearNetem").isFalse();
    assertThat(median(roundTrips(10))).as("the median round trip after clearNetem").isLessThan(DELAY_MILLIS / 2);
  }

  /** Milliseconds of each of {@code n} one-byte exchanges on one connection. */
  private List<Long> roundTrips(int n) throws IOException {
    List<Long> out = new ArrayList<>();
    try (Socket s = new Socket()) {
      s.setTcpNoDelay(true);
      s.setSoTimeout(30_000);
      s.connect(new InetSocketAddress(netns.ip(0), TCP_PORT), 30_000);
      OutputStream o = s.getOutputStream();
      InputStream in = s.getInputStream();
      for (int k = 0; k < n; k++) {
        long start = System.nanoTime();
        o.write(k);
        o.flush();
        assertThat(in.read()).isEqualTo(k);
        out.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      }
    }
    return out;
  }

  private long connectMillis() throws IOException {
    try (Socket s = new Socket()) {
      long start = System.nanoTime();
      s.connect(new InetSocketAddress(netns.ip(0), TCP_PORT), 30_000);
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
  }

  /** Of {@link #DATAGRAMS} numbered datagrams sent 1 ms apart, how many came back. */
  private int udpEchoes() throws IOException, InterruptedException {
    Set<Integer> back = new HashSet<>();
    try (DatagramSocket client = new DatagramSocket()) {
      client.setReceiveBufferSize(1 << 20);
      client.setSoTimeout(2_000);
      InetSocketAddress server = new InetSocketAddress(netns.ip(0), UDP_PORT);
      Thread sender = daemon("udp-send", () -> {
        for (int k = 0; k < DATAGRAMS; k++) {
          byte[] b = ByteBuffer.allocate(4).putInt(k).array();
          client.send(new DatagramPacket(b, b.length, server));
          Thread.sleep(1);
        }
        return null;
      });
      byte[] buffer = new byte[4];
      try {
        while (true) {
          DatagramPacket p = new DatagramPacket(buffer, buffer.length);
          client.receive(p);
          back.add(ByteBuffer.wrap(buffer).getInt());
        }
      } catch (SocketTimeoutException quiet) {
        // Two seconds without an echo: every one that will come has come.
      }
      sender.join();
    }
    return back.size();
  }

  private Void echoTcp() throws IOException {
    while (!tcp.isClosed()) {
      Socket s = tcp.accept();
      daemon("tcp-echo-conn", () -> {
        try (s) {
          s.setTcpNoDelay(true);
          InputStream in = s.getInputStream();
          OutputStream out = s.getOutputStream();
          for (int b = in.read(); b >= 0; b = in.read()) {
            out.write(b);
            out.flush();
          }
        }
        return null;
      });
    }
    return null;
  }

  private Void echoUdp() throws IOException {
    byte[] buffer = new byte[64];
    while (!udp.isClosed()) {
      DatagramPacket p = new DatagramPacket(buffer, buffer.length);
      udp.receive(p);
      try {
        udp.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
      } catch (IOException e) {
        // Counted by the client as an echo that never came (an iptables DROP answers EPERM here).
        System.out.println("echo not sent: " + e);
      }
    }
    return null;
  }

  private static String queues(String ns) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ip", "netns", "exec", ns, "cat", "/proc/net/netfilter/nfnetlink_queue")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private interface Task {
    Void run() throws Exception;
  }

  private static Thread daemon(String name, Task task) {
    Thread t = new Thread(() -> {
      try {
        task.run();
      } catch (Exception e) {
        // A server closed by the teardown, or a client gone.
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static long min(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).min().orElseThrow();
  }

  private static long median(List<Long> values) {
    return values.stream().sorted().toList().get(values.size() / 2);
  }
}
