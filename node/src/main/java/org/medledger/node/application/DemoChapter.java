package org.medledger.node.application;

/** An application's part of the demo story, played against the running embedded consortium. */
public interface DemoChapter {
  /** A short heading printed before it plays. */
  String title();

  void play(DemoStage stage) throws Exception;

  /**
   * Where in the story it plays, lower first (ties in application name order): the demo tells
   * one story, the notary (10), health records (20), insurance (25), credentials (26), care (27),
   * trials (28), drugs (30), then device safety (35), whatever the names' order.
   */
  default int storyOrder() {
    return 100;
  }
}
