package org.medledger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The nfnetlink_queue bytes {@link NfQueueDelayAndLoss} writes and reads, against the kernel's layout. */
class NfQueueMessagesTest {
  @Test
  void aBatchVerdictIsANetlinkHeaderAQueueNumberAndAVerdictHeaderInNetworkOrder() {
    ByteBuffer b = ByteBuffer.wrap(NfQueueMessages.verdictUpTo(7, 19, 0xfffffffeL, NfQueueMessages.NF_ACCEPT))
        .order(ByteOrder.nativeOrder());
    assertThat(b.capacity()).isEqualTo(16 + 4 + 12);
    assertThat(b.getInt(0)).as("length").isEqualTo(32);
    assertThat(b.getShort(4)).as("type: subsystem queue, verdict batch").isEqualTo((short) 0x0303);
    assertThat(b.getShort(6)).as("flags: request, no ack").isEqualTo((short) NfQueueMessages.NLM_F_REQUEST);
    assertThat(b.getInt(8)).as("sequence").isEqualTo(7);
    assertThat(b.get(16)).as("family AF_UNSPEC").isZero();
    assertThat(b.duplicate().order(ByteOrder.BIG_ENDIAN).getShort(18)).as("queue").isEqualTo((short) 19);
    assertThat(b.getShort(20)).as("attribute length").isEqualTo((short) 12);
    assertThat(b.getShort(22)).as("NFQA_VERDICT_HDR").isEqualTo((short) 2);
    ByteBuffer net = b.duplicate().order(ByteOrder.BIG_ENDIAN);
    assertThat(net.getInt(24)).as("verdict").isEqualTo(NfQueueMessages.NF_ACCEPT);
    assertThat(net.getInt(28) & 0xffffffffL).as("id").isEqualTo(0xfffffffeL);
  }

  @Test
  void setUpAsksForMetaCopiesAndPadsEveryAttributeToFourBytes() {
    ByteBuffer b = ByteBuffer.wrap(NfQueueMessages.setUp(3, 19, 100, NfQueueMessages.FLAG_FAIL_OPEN))
        .order(ByteOrder.nativeOrder());
    assertThat(b.getShort(4)).as("type: subsystem queue, config").isEqualTo((short) 0x0302);
    assertThat(b.getShort(6)).as("flags: request and ack").isEqualTo((short) (NfQueueMessages.NLM_F_REQUEST
        | NfQueueMessages.NLM_F_ACK));
    // NFQA_CFG_PARAMS: copy range 0, then the mode, 4 + 5 bytes padded to 12.
    assertThat(b.getShort(20)).isEqualTo((short) 9);
    assertThat(b.getShort(22)).isEqualTo((short) 2);
    assertThat(b.get(28)).isEqualTo((byte) NfQueueMessages.COPY_META);
    assertThat(b.getShort(32)).as("the next attribute starts aligned").isEqualTo((short) 8);
    assertThat(b.getShort(34)).as("NFQA_CFG_QUEUE_MAXLEN").isEqualTo((short) 3);
    assertThat(b.getInt(0)).isEqualTo(b.capacity()).isEqualTo(16 + 4 + 12 + 8 + 8 + 8);
  }

  @Test
  void readsEveryPacketIdAndErrorOfOneDatagram() {
    ByteBuffer d = ByteBuffer.allocate(200).order(ByteOrder.nativeOrder());
    packet(d, 41);
    packet(d, 42);
    // An acknowledgement's error: the negated errno, then the request's header.
    d.putInt(36).putShort((short) 2).putShort((short) 0).putInt(9).putInt(0).putInt(-16);
    d.put(new byte[16]);
    assertThat(NfQueueMessages.parse(d.array(), d.position())).containsExactly(new NfQueueMessages.Packet(41),
        new NfQueueMessages.Packet(42), new NfQueueMessages.Error(16, 9));
  }

  @Test
  void refusesAMessageLongerThanTheDatagram() {
    ByteBuffer d = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
    packet(d, 1);
    assertThatThrownBy(() -> NfQueueMessages.parse(d.array(), d.position() - 4)).isInstanceOf(IllegalArgumentException.class);
  }

  /** A queued packet's message as the kernel writes it: a hardware address attribute, then the packet header. */
  private static void packet(ByteBuffer d, int id) {
    int start = d.position();
    d.putInt(0).putShort((short) 0x0300).putShort((short) 0).putInt(0).putInt(0);
    d.put((byte) 0).put((byte) 0).putShort((short) 0);
    d.putShort((short) 12).putShort((short) 9).put(new byte[8]);
    d.putShort((short) 11).putShort((short) 1);
    d.order(ByteOrder.BIG_ENDIAN).putInt(id).putShort((short) 0x0800).put((byte) 3).put((byte) 0)
        .order(ByteOrder.nativeOrder());
    d.putInt(start, d.position() - start);
  }
}
