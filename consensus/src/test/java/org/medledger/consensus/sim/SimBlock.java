package org.medledger.consensus.sim;

import java.nio.charset.StandardCharsets;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;

/**
 * The simulator's blocks, shaped like the node's: a header that commits to a body
 * ({@code <header text>#<hash of body>|<body>}). As in node/bft/ProposalValueId, a value's id is
 * its header's hash only when the body is the one the header names; any other bytes get a
 * domain-separated id no header hashes to, so a relay that puts another body behind a genuine
 * header produces a copy the engine drops as not matching its signed id. With {@code
 * idsIgnoreBody} (the rule before issue 21, finding 4) the id is the header's hash whatever the
 * body: the swapped copy then passes as the genuine proposal and, invalid, shadows it.
 */
final class SimBlock {
  private static final String NOT_A_BLOCK = "sim/not-a-proposed-block|";

  private SimBlock() {}

  /** A block whose header is {@code header} (e.g. {@code block:3:1:0:7}) over {@code body}. */
  static byte[] of(String header, String body) {
    return (header + "#" + digest(body.getBytes(StandardCharsets.UTF_8)) + "|" + body).getBytes(StandardCharsets.UTF_8);
  }

  /** The same header (so the same signed id under the old rule) with another body behind it. */
  static byte[] withSwappedBody(byte[] value) {
    String s = text(value);
    int bar = s.indexOf('|');
    String header = bar < 0 ? s : s.substring(0, bar);
    return (header + "|swapped:" + s.length()).getBytes(StandardCharsets.UTF_8);
  }

  static Hash idOf(byte[] value, boolean idsIgnoreBody) {
    String s = text(value);
    int bar = s.indexOf('|');
    if (bar >= 0 && (idsIgnoreBody || bodyMatches(s, bar))) {
      return hash(s.substring(0, bar).getBytes(StandardCharsets.UTF_8));
    }
    return hash((NOT_A_BLOCK + s).getBytes(StandardCharsets.UTF_8));
  }

  /** Valid at {@code height}: a header of that height over the body it names. */
  static boolean isValid(long height, byte[] value) {
    String s = text(value);
    int bar = s.indexOf('|');
    return s.startsWith("block:" + height + ":") && bar >= 0 && bodyMatches(s, bar);
  }

  private static boolean bodyMatches(String s, int bar) {
    int hashAt = s.lastIndexOf('#', bar);
    return hashAt >= 0 && s.substring(hashAt + 1, bar).equals(digest(s.substring(bar + 1).getBytes(StandardCharsets.UTF_8)));
  }

  private static String digest(byte[] body) {
    return hash(body).hex().substring(0, 16);
  }

  private static Hash hash(byte[] bytes) {
    return Hash.of(CryptoSuites.intl().hash().hash(bytes));
  }

  private static String text(byte[] value) {
    return new String(value, StandardCharsets.UTF_8);
  }
}
