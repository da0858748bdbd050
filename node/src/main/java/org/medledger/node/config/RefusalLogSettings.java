package org.medledger.node.config;

/**
 * The refusal log's settings in node.json ({@code refusalLog}; docs/security.md, "Refused
 * requests").
 *
 * @param retainEntries how many entries the log keeps ({@code refusalLog.retainEntries}); past it
 *     the oldest goes as each new one is filed, its hash kept as the anchor the oldest kept names
 * @param anchorEverySeconds how often the node commits its log's head on the ledger when the log
 *     grew since its last anchor ({@code refusalLog.anchorEverySeconds}); 0 never
 */
public record RefusalLogSettings(long retainEntries, long anchorEverySeconds) {
  public static final long DEFAULT_RETAIN_ENTRIES = org.medledger.node.refusals.RefusalLog.DEFAULT_RETAINED;
  public static final long DEFAULT_ANCHOR_EVERY_SECONDS = 300;
  /** A billion entries (some 260 GB): more is a typo, not a plan. */
  public static final long MAX_RETAIN_ENTRIES = 1_000_000_000L;
  /** A week: an anchor rarer than that leaves most of a log uncommitted. */
  public static final long MAX_ANCHOR_EVERY_SECONDS = 7 * 24 * 3600L;

  public static final RefusalLogSettings DEFAULTS = new RefusalLogSettings(DEFAULT_RETAIN_ENTRIES, DEFAULT_ANCHOR_EVERY_SECONDS);

  public RefusalLogSettings {
    if (retainEntries < 1 || retainEntries > MAX_RETAIN_ENTRIES) {
      throw new IllegalArgumentException("refusalLog.retainEntries must be within 1-" + MAX_RETAIN_ENTRIES + " (entries kept;"
          + " the default is " + DEFAULT_RETAIN_ENTRIES + "), got " + retainEntries);
    }
    if (anchorEverySeconds < 0 || anchorEverySeconds > MAX_ANCHOR_EVERY_SECONDS) {
      throw new IllegalArgumentException("refusalLog.anchorEverySeconds must be within 0-" + MAX_ANCHOR_EVERY_SECONDS
          + " (0 never anchors; the default is " + DEFAULT_ANCHOR_EVERY_SECONDS + "), got " + anchorEverySeconds);
    }
  }

  public RefusalLogSettings withRetainEntries(long entries) {
    return new RefusalLogSettings(entries, anchorEverySeconds);
  }

  public RefusalLogSettings withAnchorEverySeconds(long seconds) {
    return new RefusalLogSettings(retainEntries, seconds);
  }
}
