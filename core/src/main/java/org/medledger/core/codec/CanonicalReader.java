package org.medledger.core.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the canonical encoding, checking every length against the bytes left and a caller's
 * limit, so a hostile peer cannot make us allocate more than it sent. Every failure names the
 * field being read.
 */
public final class CanonicalReader {
  private final byte[] buf;
  private final int end;
  private int pos;

  public CanonicalReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  public CanonicalReader(byte[] buf, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > buf.length) {
      throw new IllegalArgumentException("slice out of range");
    }
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
  }

  public int position() {
    return pos;
  }

  public int remaining() {
    return end - pos;
  }

  private void need(int n, String field) {
    if (n < 0 || end - pos < n) {
      throw new DecodeException(
          field + ": needs " + n + " bytes but only " + (end - pos) + " remain");
    }
  }

  public int u8(String field) {
    need(1, field);
    return buf[pos++] & 0xFF;
  }

  public boolean bool(String field) {
    int v = u8(field);
    if (v > 1) {
      throw new DecodeException(field + ": boolean must be 0 or 1, got " + v);
    }
    return v == 1;
  }

  public int u32(String field) {
    need(4, field);
    int v =
        ((buf[pos] & 0xFF) << 24)
            | ((buf[pos + 1] & 0xFF) << 16)
            | ((buf[pos + 2] & 0xFF) << 8)
            | (buf[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  public long u64(String field) {
    need(8, field);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos + i] & 0xFFL);
    }
    pos += 8;
    return v;
  }

  /** A u32 count that must lie in [0, max]. */
  public int count(String field, int max) {
    int n = u32(field);
    if (n < 0 || n > max) {
      throw new DecodeException(field + ": count " + Integer.toUnsignedString(n) + " exceeds limit " + max);
    }
    return n;
  }

  public byte[] fixed(int length, String field) {
    need(length, field);
    byte[] out = new byte[length];
    System.arraycopy(buf, pos, out, 0, length);
    pos += length;
    return out;
  }

  public byte[] bytes(String field, int maxLength) {
    int n = u32(field);
    if (n < 0 || n > maxLength) {
      throw new DecodeException(
          field + ": length " + Integer.toUnsignedString(n) + " exceeds limit " + maxLength);
    }
    return fixed(n, field);
  }

  public String string(String field, int maxBytes) {
    byte[] b = bytes(field, maxBytes);
    // Nearly every string on the ledger (names, codes, dates, hex) is ASCII, which is valid UTF-8
    // decoding to the same characters; a strict decoder per string was a tenth of a validator's
    // time under a claims load (docs/insurance.md, "Measured").
    if (isAscii(b)) {
      return new String(b, StandardCharsets.US_ASCII);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new DecodeException(field + ": not valid UTF-8");
    }
  }

  private static boolean isAscii(byte[] b) {
    for (byte x : b) {
      if (x < 0) {
        return false;
      }
    }
    return true;
  }

  /** Fails unless every byte was consumed: trailing bytes would make two encodings of one value. */
  public void expectEnd(String what) {
    if (pos != end) {
      throw new DecodeException(what + ": " + (end - pos) + " unexpected trailing bytes");
    }
  }
}
