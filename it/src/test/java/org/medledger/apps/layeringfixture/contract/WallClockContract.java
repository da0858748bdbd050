package org.medledger.apps.layeringfixture.contract;

import java.util.HashMap;
import java.util.Map;

/**
 * Deliberately bad, for ApplicationLayeringTest only: an application contract reading the wall
 * clock, a random source, a file and hash-ordered state, and the node's API. Every rule about
 * application contracts must flag it.
 */
public final class WallClockContract {
  private final Map<String, Long> seen = new HashMap<>();

  public long decide(String key) throws Exception {
    long now = System.currentTimeMillis();
    long luck = new java.util.Random().nextLong();
    byte[] disk = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(key));
    new Thread(() -> {}).start();
    seen.put(key, now + luck + disk.length);
    return org.medledger.node.api.Requests.class.getName().length();
  }
}
