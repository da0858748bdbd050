package org.medledger.network;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection's bytes, cut into arbitrary reads: the frame decoder hands on exactly the frames
 * the bytes hold, never one longer than its topic allows (it closes the connection instead), and
 * throws nothing.
 */
class TopicFrameDecoderFuzzTest {
  @FuzzTest
  void splitsOrCloses(FuzzedDataProvider data) {
    long[] maxByTopic = new long[256];
    long defaultMax = data.consumeLong(1, 1 << 20);
    for (int i = 0; i < 4; i++) {
      maxByTopic[data.consumeInt(0, 255)] = data.consumeLong(1, 1 << 20);
    }
    AtomicInteger oversized = new AtomicInteger();
    EmbeddedChannel channel = new EmbeddedChannel(new TopicFrameDecoder(
        tag -> maxByTopic[tag] == 0 ? defaultMax : maxByTopic[tag], oversized::incrementAndGet));
    int reads = data.consumeInt(1, 8);
    int[] cuts = new int[reads - 1];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = data.consumeInt(0, 64);
    }
    byte[] wire = data.consumeRemainingAsBytes();

    int at = 0;
    ByteArrayOutputStream frames = new ByteArrayOutputStream();
    for (int i = 0; i <= cuts.length && channel.isOpen(); i++) {
      int n = i < cuts.length ? Math.min(cuts[i], wire.length - at) : wire.length - at;
      // A copy, as the TLS handler hands on buffers of its own: the decoder's cumulation may compact
      // the first buffer it is given in place, which would rewrite a wrapped array under the test.
      channel.writeInbound(Unpooled.copiedBuffer(wire, at, n));
      at += n;
      // The next handler consumes each frame as it comes (TlsTransport's FrameHandler), so read them here as they come.
      drain(channel, maxByTopic, defaultMax, frames);
    }
    byte[] out = frames.toByteArray();
    // Every frame handed on is the next (non-empty) frame of the wire, in order.
    byte[] expected = nonEmptyFramesPrefix(wire, out.length);
    if (!java.util.Arrays.equals(out, expected)) {
      throw new AssertionError("the frames handed on are not the frames on the wire:\n  wire:     "
          + java.util.HexFormat.of().formatHex(wire) + "\n  handed:   " + java.util.HexFormat.of().formatHex(out)
          + "\n  expected: " + java.util.HexFormat.of().formatHex(expected) + "\n  cuts " + java.util.Arrays.toString(cuts)
          + ", limits " + defaultMax + " " + java.util.Arrays.toString(java.util.stream.LongStream.of(maxByTopic).filter(x -> x != 0).toArray()));
    }
    if (oversized.get() > 0 && channel.isOpen()) {
      throw new AssertionError("an oversized frame was counted but the connection stays open");
    }
    channel.finishAndReleaseAll();
  }

  private static void drain(EmbeddedChannel channel, long[] maxByTopic, long defaultMax, ByteArrayOutputStream frames) {
    for (ByteBuf frame; (frame = channel.readInbound()) != null; ) {
      try {
        int topic = frame.getUnsignedByte(frame.readerIndex());
        long max = maxByTopic[topic] == 0 ? defaultMax : maxByTopic[topic];
        if (frame.readableBytes() > max) {
          throw new AssertionError("a frame of topic " + topic + " with " + frame.readableBytes() + " bytes passed a limit of " + max);
        }
        int length = frame.readableBytes();
        frames.write(length >>> 24);
        frames.write(length >>> 16);
        frames.write(length >>> 8);
        frames.write(length);
        byte[] b = new byte[length];
        frame.readBytes(b);
        frames.writeBytes(b);
      } finally {
        frame.release();
      }
    }
  }

  /** The wire's frames, zero-length ones (keep-alives) dropped, re-framed, cut to {@code bytes}. */
  private static byte[] nonEmptyFramesPrefix(byte[] wire, int bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (out.size() < bytes && wire.length - at >= 4) {
      long length = ((wire[at] & 0xFFL) << 24) | ((wire[at + 1] & 0xFF) << 16) | ((wire[at + 2] & 0xFF) << 8) | (wire[at + 3] & 0xFF);
      if (length == 0) {
        at += 4;
        continue;
      }
      if (wire.length - at - 4 < length) {
        break;
      }
      out.write(wire, at, (int) length + 4);
      at += 4 + (int) length;
    }
    return java.util.Arrays.copyOf(out.toByteArray(), bytes);
  }

  /** Two frames and a keep-alive; a frame cut short. */
  static Map<String, List<byte[]>> seeds() {
    byte[] wire = {0, 0, 0, 3, 1, 'h', 'i', 0, 0, 0, 0, 0, 0, 0, 2, 5, 'x', 3, 7, 9, 1, 2};
    byte[] cut = {0, 0, 0, 9, 2, 'p', 'a', 'r', 't', 1, 0};
    return Map.of("splitsOrCloses", List.of(wire, cut));
  }
}
