package org.medledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the demo while its story plays, as Ctrl-C does: the shutdown hook calls {@code stop}
 * while the story's thread, failing as its nodes go away, calls it too (DemoCommand's catch). It
 * used to throw ConcurrentModificationException from {@code Demo.stop}, the two calls iterating
 * and clearing one list of nodes.
 */
class DemoStopTest {
  @TempDir Path dir;

  @Test
  void aStopDuringTheStoryEndsTheStoryThenTheNodesQuietlyAndInBoundedTime() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int base = TestPorts.freePortBlock(10);
    Demo demo = new Demo(dir.resolve("data"), base, base + 5, "intl", out);
    AtomicReference<Throwable> storyEnded = new AtomicReference<>();
    AtomicReference<Throwable> storyStop = new AtomicReference<>();
    Thread story = new Thread(() -> {
      try {
        demo.start();
        storyEnded.set(new AssertionError("the story played to its end: the test stopped it too late"));
      } catch (Throwable e) {
        storyEnded.set(e);
        try {
          demo.stop();
        } catch (Throwable t) {
          storyStop.set(t);
        }
      }
    }, "demo-story");
    story.start();
    long deadline = System.currentTimeMillis() + 240_000;
    while (!text(bytes).contains("stores patient-1's lab report") && story.isAlive()) {
      assertThat(System.currentTimeMillis()).as("the health story began:\n" + text(bytes)).isLessThan(deadline);
      Thread.sleep(20);
    }
    assertThat(story.isAlive()).as("the story still playing, not ended by " + storyEnded.get() + ":\n" + text(bytes)).isTrue();
    assertThat(demo.nodes()).hasSize(4);

    long t0 = System.nanoTime();
    demo.stop(); // what the shutdown hook does on Ctrl-C
    long stopMillis = (System.nanoTime() - t0) / 1_000_000;
    story.join(30_000);

    assertThat(story.isAlive()).as("the story ended").isFalse();
    assertThat(stopMillis).as("stop is bounded").isLessThan(Demo.STORY_STOP_MILLIS + 30_000);
    assertThat(demo.stopping()).isTrue();
    assertThat(demo.nodes()).isEmpty();
    assertThat(storyStop.get()).as("the story's own stop call").isNull();
    assertThat(storyEnded.get()).isNotNull().isNotInstanceOf(AssertionError.class)
        .isNotInstanceOf(java.util.ConcurrentModificationException.class);
    assertThat(text(bytes)).doesNotContain("ConcurrentModificationException").doesNotContain("did not close cleanly");
    demo.stop(); // again: nothing left to do, returns at once
  }

  private static String text(ByteArrayOutputStream bytes) {
    synchronized (bytes) {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
