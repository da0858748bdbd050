package org.medledger.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.function.IntToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits a connection's bytes into frames ({@code u32 length ‖ u8 topic ‖ payload}) and refuses a
 * frame longer than its topic allows as soon as its length and topic are read, before a byte of
 * it is buffered: the connection is closed (the sender's answer) and counted. One limit for all
 * topics let any peer make this node buffer 128 MiB per connection in frames of a topic that never
 * carries more than a vault shard (issue 20 finding 9).
 */
final class TopicFrameDecoder extends ByteToMessageDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(TopicFrameDecoder.class);
  private final IntToLongFunction maxFrameBytes;
  private final Runnable onOversized;

  /**
   * @param maxFrameBytes the largest frame (topic byte and payload) allowed for a topic's wire byte
   * @param onOversized counts a refused frame
   */
  TopicFrameDecoder(IntToLongFunction maxFrameBytes, Runnable onOversized) {
    this.maxFrameBytes = maxFrameBytes;
    this.onOversized = onOversized;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.readableBytes() >= 4) {
      int start = in.readerIndex();
      long length = in.getUnsignedInt(start);
      if (length == 0) {
        in.skipBytes(4);
        continue;
      }
      if (in.readableBytes() < 5) {
        return;
      }
      int tag = in.getUnsignedByte(start + 4);
      long max = maxFrameBytes.applyAsLong(tag);
      if (length > max) {
        onOversized.run();
        LOG.warn("closing the connection from {}: a frame of topic {} declares {} bytes, at most {} are allowed",
            ctx.channel().remoteAddress(), tag, length, max);
        in.skipBytes(in.readableBytes());
        ctx.close();
        return;
      }
      if (in.readableBytes() < 4 + length) {
        return;
      }
      in.skipBytes(4);
      out.add(in.readRetainedSlice((int) length));
    }
  }
}
