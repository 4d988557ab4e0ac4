package io.coracle.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

class AttestationApprovalTest {
  private static final Credentials VERIFIER = Credentials.create("0x6cbed15c793ce57650b9877cf6fa156fbef513c4e6134f022a85b1ffdd59b2a1");
  private static final Eip712Domain DOMAIN = Eip712Domain.attestationRegistry(1337, "0x1111111111111111111111111111111111111111");

  private static AttestationApproval approval() {
    byte[] key = new byte[33];
    key[0] = 0x02;
    key[32] = 1;
    byte[] enc = key.clone();
    enc[0] = 0x03;
    return new AttestationApproval(key, "0x2222222222222222222222222222222222222222", enc, new byte[32], new byte[48], 0x7308000000000003L,
        1_900_000_000L);
  }

  @Test
  void signaturesRecoverToTheVerifierWithLowSAndV27or28() throws Exception {
    byte[] sig = approval().sign(VERIFIER, DOMAIN);
    assertThat(sig).hasSize(65);
    assertThat(sig[64]).isIn((byte) 27, (byte) 28);
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
    assertThat(s).isLessThanOrEqualTo(Sign.CURVE_PARAMS.getN().shiftRight(1));
    var data = new Sign.SignatureData(sig[64], Arrays.copyOf(sig, 32), Arrays.copyOfRange(sig, 32, 64));
    BigInteger recovered = Sign.signedMessageHashToKey(approval().digest(DOMAIN), data);
    assertThat("0x" + Keys.getAddress(recovered)).isEqualTo(VERIFIER.getAddress());
  }

  @Test
  void theDomainBindsChainAndContract() {
    AttestationApproval a = approval();
    assertThat(a.digest(DOMAIN)).isNotEqualTo(a.digest(Eip712Domain.attestationRegistry(1338, DOMAIN.verifyingContract())));
    assertThat(a.digest(DOMAIN)).isNotEqualTo(a.digest(Eip712Domain.attestationRegistry(1337, "0x3333333333333333333333333333333333333333")));
    assertThatThrownBy(() -> Eip712Domain.attestationRegistry(1, "0x1234")).isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 100)
  void everyFieldIsCoveredByTheStructHash(@ForAll @IntRange(min = 0, max = 6) int field, @ForAll @IntRange(min = 1, max = 255) int delta) {
    AttestationApproval a = approval();
    AttestationApproval changed = switch (field) {
      case 0 -> { byte[] k = a.vrfPublicKey(); k[5] ^= (byte) delta; yield new AttestationApproval(k, a.signer(), a.encryptionPublicKey(), a.evidenceHash(), a.measurement(), a.tcb(), a.expiresAt()); }
      case 1 -> new AttestationApproval(a.vrfPublicKey(), "0x22222222222222222222222222222222222222" + String.format("%02x", delta ^ 0x22),
          a.encryptionPublicKey(), a.evidenceHash(), a.measurement(), a.tcb(), a.expiresAt());
      case 2 -> { byte[] k = a.encryptionPublicKey(); k[9] ^= (byte) delta; yield new AttestationApproval(a.vrfPublicKey(), a.signer(), k, a.evidenceHash(), a.measurement(), a.tcb(), a.expiresAt()); }
      case 3 -> { byte[] e = a.evidenceHash(); e[3] ^= (byte) delta; yield a.withEvidenceHash(e); }
      case 4 -> { byte[] m = a.measurement(); m[47] ^= (byte) delta; yield a.withMeasurement(m); }
      case 5 -> a.withTcb(a.tcb() ^ delta);
      default -> a.withExpiresAt(a.expiresAt() + delta);
    };
    assertThat(changed.structHash()).isNotEqualTo(a.structHash());
  }

  @Test
  void signAllOrdersByVerifierAddress() {
    List<Credentials> verifiers = List.of(Credentials.create(ECKeyPair.create(BigInteger.valueOf(3))),
        Credentials.create(ECKeyPair.create(BigInteger.valueOf(5))), Credentials.create(ECKeyPair.create(BigInteger.valueOf(7))));
    List<byte[]> sigs = approval().signAll(verifiers, DOMAIN);
    List<BigInteger> signers = sigs.stream().map(sig -> {
      try {
        var data = new Sign.SignatureData(sig[64], Arrays.copyOf(sig, 32), Arrays.copyOfRange(sig, 32, 64));
        return new BigInteger(Keys.getAddress(Sign.signedMessageHashToKey(approval().digest(DOMAIN), data)), 16);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
    assertThat(signers).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void approvalChecksNameEveryBit() {
    assertThat(ApprovalCheck.failedIn(BigInteger.ZERO)).isEmpty();
    assertThat(ApprovalCheck.failedIn(BigInteger.valueOf((1 << 11) | (1 << 2))))
        .containsExactlyInAnyOrder(ApprovalCheck.BELOW_THRESHOLD, ApprovalCheck.NOT_REGISTERED);
    assertThat(ApprovalCheck.failedIn(BigInteger.valueOf((1 << 12) - 1))).isEqualTo(EnumSet.allOf(ApprovalCheck.class));
    assertThat(Arrays.stream(ApprovalCheck.values()).mapToInt(ApprovalCheck::bit).distinct().count()).isEqualTo(ApprovalCheck.values().length);
  }

  @Test
  void keyHashIsKeccakOfTheCompressedKeyOnly() {
    byte[] key = approval().vrfPublicKey();
    assertThat(KeyHashes.of(key)).isEqualTo(org.web3j.crypto.Hash.sha3(key));
    assertThatThrownBy(() -> KeyHashes.of(Arrays.copyOf(key, 32))).isInstanceOf(IllegalArgumentException.class);
    byte[] uncompressed = new byte[65];
    uncompressed[0] = 0x04;
    assertThatThrownBy(() -> KeyHashes.of(uncompressed)).isInstanceOf(IllegalArgumentException.class);
  }
}
