package org.medledger.it;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The nfnetlink_queue messages {@link NfQueueDelayAndLoss} sends and reads (linux/netfilter/nfnetlink_queue.h,
 * linux/netlink.h). A netlink header and an attribute header are in the host's byte order; the
 * nfgenmsg queue number and every attribute's payload in network order.
 */
final class NfQueueMessages {
  private NfQueueMessages() {
  }

  static final int NLMSG_HEADER = 16;
  static final int NLMSG_ERROR = 2;
  static final int NLMSG_DONE = 3;
  static final int NLM_F_REQUEST = 1;
  static final int NLM_F_ACK = 4;
  /** NFNL_SUBSYS_QUEUE: the high byte of every queue message's type. */
  private static final int SUBSYS_QUEUE = 3;
  static final int MSG_PACKET = 0;
  static final int MSG_VERDICT = 1;
  static final int MSG_CONFIG = 2;
  static final int MSG_VERDICT_BATCH = 3;
  private static final int ATTR_PACKET_HDR = 1;
  private static final int ATTR_VERDICT_HDR = 2;
  private static final int CFG_CMD = 1;
  private static final int CFG_PARAMS = 2;
  private static final int CFG_QUEUE_MAXLEN = 3;
  private static final int CFG_MASK = 4;
  private static final int CFG_FLAGS = 5;
  static final int CMD_BIND = 1;
  static final int CMD_UNBIND = 2;
  /** Only the packet's metadata (its id) is copied to us, never its bytes. */
  static final int COPY_META = 1;
  /** A packet that finds the queue full is accepted, not dropped: a slow loop never adds loss. */
  static final int FLAG_FAIL_OPEN = 1;
  /** A GSO packet is queued whole rather than segmented first: fewer messages, the same bytes. */
  static final int FLAG_GSO = 4;
  static final int NF_DROP = 0;
  static final int NF_ACCEPT = 1;

  /** What a received message says: a queued packet's id, or an error (0: an acknowledgement). */
  sealed interface Received permits Packet, Error {
  }

  record Packet(long id) implements Received {
  }

  record Error(int errno, int sequence) implements Received {
  }

  static byte[] bind(int sequence, int queue) {
    return config(sequence, queue, attribute(CFG_CMD, new byte[] {(byte) CMD_BIND, 0, 0, 0}));
  }

  static byte[] unbind(int sequence, int queue) {
    return config(sequence, queue, attribute(CFG_CMD, new byte[] {(byte) CMD_UNBIND, 0, 0, 0}));
  }

  /** Copy mode meta, at most {@code maxLength} packets held, and {@code flags} set. */
  static byte[] setUp(int sequence, int queue, int maxLength, int flags) {
    byte[] params = ByteBuffer.allocate(5).order(ByteOrder.BIG_ENDIAN).putInt(0).put((byte) COPY_META).array();
    return config(sequence, queue, attribute(CFG_PARAMS, params), attribute(CFG_QUEUE_MAXLEN, bigEndian(maxLength)),
        attribute(CFG_FLAGS, bigEndian(flags)), attribute(CFG_MASK, bigEndian(flags)));
  }

  /** {@code verdict} for the one packet {@code id}. */
  static byte[] verdict(int sequence, int queue, long id, int verdict) {
    byte[] header = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putInt(verdict).putInt((int) id).array();
    return message(MSG_VERDICT, 0, sequence, queue, attribute(ATTR_VERDICT_HDR, header));
  }

  /** {@code verdict} for every packet of the queue whose id is at most {@code lastId}. */
  static byte[] verdictUpTo(int sequence, int queue, long lastId, int verdict) {
    byte[] header = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putInt(verdict).putInt((int) lastId).array();
    return message(MSG_VERDICT_BATCH, 0, sequence, queue, attribute(ATTR_VERDICT_HDR, header));
  }

  private static byte[] config(int sequence, int queue, byte[]... attributes) {
    return message(MSG_CONFIG, NLM_F_ACK, sequence, queue, attributes);
  }

  private static byte[] message(int type, int flags, int sequence, int queue, byte[]... attributes) {
    int length = NLMSG_HEADER + 4;
    for (byte[] a : attributes) {
      length += a.length;
    }
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
    b.putInt(length).putShort((short) (SUBSYS_QUEUE << 8 | type)).putShort((short) (NLM_F_REQUEST | flags))
        .putInt(sequence).putInt(0);
    // nfgenmsg: family AF_UNSPEC, version NFNETLINK_V0, then the queue number in network order.
    b.put((byte) 0).put((byte) 0).order(ByteOrder.BIG_ENDIAN).putShort((short) queue).order(ByteOrder.nativeOrder());
    for (byte[] a : attributes) {
      b.put(a);
    }
    return b.array();
  }

  private static byte[] attribute(int type, byte[] payload) {
    int length = 4 + payload.length;
    ByteBuffer b = ByteBuffer.allocate(align(length)).order(ByteOrder.nativeOrder());
    b.putShort((short) length).putShort((short) type).put(payload);
    return b.array();
  }

  private static byte[] bigEndian(int value) {
    return ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(value).array();
  }

  private static int align(int length) {
    return (length + 3) & ~3;
  }

  /** Every message of one datagram, in order; a malformed one ends the reading with an exception. */
  static List<Received> parse(byte[] buffer, int length) {
    List<Received> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(buffer, 0, length).order(ByteOrder.nativeOrder());
    int at = 0;
    while (at + NLMSG_HEADER <= length) {
      int size = b.getInt(at);
      int type = b.getShort(at + 4) & 0xffff;
      int sequence = b.getInt(at + 8);
      if (size < NLMSG_HEADER || at + size > length) {
        throw new IllegalArgumentException("netlink message of " + size + " bytes at " + at + " of " + length);
      }
      if (type == NLMSG_ERROR) {
        out.add(new Error(-b.getInt(at + NLMSG_HEADER), sequence));
      } else if (type == (SUBSYS_QUEUE << 8 | MSG_PACKET)) {
        out.add(new Packet(packetId(b, at + NLMSG_HEADER + 4, at + size)));
      }
      at += align(size);
    }
    return out;
  }

  private static long packetId(ByteBuffer b, int from, int to) {
    int at = from;
    while (at + 4 <= to) {
      int length = b.getShort(at) & 0xffff;
      int type = b.getShort(at + 2) & 0x7fff;
      if (length < 4) {
        break;
      }
      if (type == ATTR_PACKET_HDR && length >= 8) {
        return b.duplicate().order(ByteOrder.BIG_ENDIAN).getInt(at + 4) & 0xffffffffL;
      }
      at += align(length);
    }
    throw new IllegalArgumentException("a queued packet's message without its packet header");
  }
}
