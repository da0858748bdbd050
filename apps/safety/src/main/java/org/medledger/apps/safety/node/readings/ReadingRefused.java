package org.medledger.apps.safety.node.readings;

/**
 * A reading the gateway does not take, with a code a device's software can act on and a sentence
 * a person understands: {@code malformed}, {@code unknown_device}, {@code no_device_key},
 * {@code bad_signature}, {@code replayed}, {@code malformed_udi}.
 */
public final class ReadingRefused extends RuntimeException {
  private final String code;

  public ReadingRefused(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
