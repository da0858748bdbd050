package org.medledger.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Random;

/**
 * Ports for the cli tests' networks. A demo takes a block of consecutive ports: the block is
 * picked free below Linux's ephemeral range (32768 and up), so no outgoing connection of this or
 * another build takes one of them between the check and the demo's bind, which a block derived
 * from the process id could not promise ("Address already in use" while other builds ran).
 */
final class TestPorts {
  private static final int LOWEST = 20_000;
  private static final int BELOW_EPHEMERAL = 32_000;

  private TestPorts() {}

  /** A port free now, below the ephemeral range for the same reason as a block's. */
  static int freePort() throws IOException {
    return freePortBlock(1);
  }

  /** The first of {@code count} consecutive ports on 127.0.0.1, all free now and below the ephemeral range. */
  static int freePortBlock(int count) throws IOException {
    Random random = new Random();
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = LOWEST + random.nextInt(BELOW_EPHEMERAL - LOWEST - count);
      if (allFree(base, count)) {
        return base;
      }
    }
    throw new IOException("no block of " + count + " free ports between " + LOWEST + " and " + BELOW_EPHEMERAL);
  }

  private static boolean allFree(int base, int count) {
    for (int p = base; p < base + count; p++) {
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress("127.0.0.1", p));
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }
}
