package org.medledger.crypto.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.crypto.merkle.MerkleTestSupport.SHA256;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.crypto.Hex;

/**
 * The reference test tree of Certificate Transparency (RFC 6962, unchanged in RFC 9162): eight
 * leaves and the published root of each prefix, as in certificate-transparency-go's and
 * Trillian's merkle test data.
 */
class CertificateTransparencyVectorsTest {
  static final String[] LEAVES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"};
  static final String[] ROOTS = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
  };

  @Test
  void emptyTreeRootIsTheHashOfNothing() {
    assertThat(Hex.encode(SHA256.emptyRoot())).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void everyPrefixHasThePublishedRoot() {
    CompactMerkleTree t = new CompactMerkleTree(SHA256);
    List<byte[]> leafHashes = new ArrayList<>();
    for (int i = 0; i < LEAVES.length; i++) {
      byte[] lh = SHA256.leafHash(Hex.decode(LEAVES[i]));
      leafHashes.add(lh);
      t.append(lh);
      assertThat(Hex.encode(t.rootHash())).as("root of the first %d leaves", i + 1).isEqualTo(ROOTS[i]);
    }
  }
}
