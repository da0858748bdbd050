package org.medledger.node.vault;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;
import org.medledger.fuzz.Canonical;

/** Shard and key messages between vaults: refused with a DecodeException or written back unchanged. */
class VaultMessageFuzzTest {
  @FuzzTest
  void decodesOrRefuses(byte[] input) {
    VaultMessage message;
    try {
      message = VaultMessage.decode(input);
    } catch (DecodeException refused) {
      return;
    }
    Canonical.assertReencodes("VaultMessage.decode", input, VaultMessage.encode(message));
  }

  /** One message of each kind. */
  static Map<String, List<byte[]>> seeds() {
    VaultRequestId request = new VaultRequestId(0x0102030405060708L, -2);
    byte[] r = new byte[32];
    r[5] = 9;
    Hash record = Hash.of(r);
    byte[] shard = "shard bytes of a sealed record".getBytes(StandardCharsets.UTF_8);
    byte[] wrapped = new byte[60];
    java.util.Arrays.fill(wrapped, (byte) 0x5a);
    return Map.of("decodesOrRefuses", List.of(
        VaultMessage.encode(new VaultMessage.PutShard(request, record, 2, shard,
            List.of(new VaultMessage.WrappedKey("patient", wrapped), new VaultMessage.WrappedKey("org:hospital-a", wrapped)))),
        VaultMessage.encode(new VaultMessage.PutAck(request, true, "stored")),
        VaultMessage.encode(new VaultMessage.GetShard(request, record, 3)),
        VaultMessage.encode(new VaultMessage.ShardReply(request, VaultMessage.ShardReply.FOUND, shard)),
        VaultMessage.encode(new VaultMessage.PutKey(request, record, "org:hospital-b", wrapped)),
        VaultMessage.encode(new VaultMessage.GetKey(request, record, "patient"))));
  }
}
