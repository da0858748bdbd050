package org.medledger.apps.records.node;

import org.medledger.node.application.DemoChapter;
import org.medledger.node.application.DemoStage;

/** The health-records chapter of the demo story ({@link HealthDemo}), on hospital-a's and hospital-b's nodes. */
final class HealthChapter implements DemoChapter {
  @Override
  public String title() {
    return "health records";
  }

  /** After the notary (10), before drugs (30). */
  @Override
  public int storyOrder() {
    return 20;
  }

  @Override
  public void play(DemoStage stage) throws Exception {
    if (!stage.freshNetwork()) {
      return; // the story registers its patients once; a restarted demo network already has them
    }
    new HealthDemo(stage.suite(), stage.chainId(), stage.identities(), stage.tokens(), stage.apiUrls().get(0),
        stage.apiUrls().get(1), stage.trust(), stage.dataDir(), stage.out(), stage.nodes()).run();
  }
}
