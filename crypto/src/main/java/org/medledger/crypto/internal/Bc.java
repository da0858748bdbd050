package org.medledger.crypto.internal;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The Bouncy Castle JCA provider, registered once at the end of the provider list (never first,
 * so the JDK's TLS and SHA-256 stay the defaults) and passed explicitly where we need it.
 */
public final class Bc {
  private static final Provider PROVIDER = register();

  private Bc() {}

  private static Provider register() {
    Provider existing = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
    if (existing != null) {
      return existing;
    }
    Provider p = new BouncyCastleProvider();
    Security.addProvider(p);
    return p;
  }

  public static Provider provider() {
    return PROVIDER;
  }
}
