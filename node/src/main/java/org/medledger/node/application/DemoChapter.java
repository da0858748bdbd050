package org.medledger.node.application;

/** An application's part of the demo story, played against the running embedded consortium. */
public interface DemoChapter {
  /** A short heading printed before it plays. */
  String title();

  void play(DemoStage stage) throws Exception;
}
