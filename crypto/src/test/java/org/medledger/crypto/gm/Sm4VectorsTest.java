package org.medledger.crypto.gm;

import static org.assertj.core.api.Assertions.assertThat;

import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.medledger.crypto.Hex;

/** GB/T 32907-2016 Appendix A. */
class Sm4VectorsTest {
  static final byte[] KEY = Hex.decode("0123456789abcdeffedcba9876543210");

  @Test
  void example1EncryptsOneBlock() {
    SM4Engine e = new SM4Engine();
    e.init(true, new KeyParameter(KEY));
    byte[] out = new byte[16];
    e.processBlock(KEY, 0, out, 0);
    assertThat(Hex.encode(out)).isEqualTo("681edf34d206965e86b3e94f536e4246");
  }

  @Test
  void example2EncryptsAMillionTimes() {
    SM4Engine e = new SM4Engine();
    e.init(true, new KeyParameter(KEY));
    byte[] block = KEY.clone();
    byte[] out = new byte[16];
    for (int i = 0; i < 1_000_000; i++) {
      e.processBlock(block, 0, out, 0);
      byte[] t = block;
      block = out;
      out = t;
    }
    assertThat(Hex.encode(block)).isEqualTo("595298c7c6fd271f0402f804c33d3f66");
  }
}
