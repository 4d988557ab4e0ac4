package io.coracle.contracts;

import java.math.BigInteger;
import java.util.EnumSet;
import java.util.Set;

/**
 * The checks AttestationRegistry.activateKeys makes, one bit each in the bit set that
 * {@code checkApproval} returns and {@code ApprovalRejected(uint256)} carries.
 */
public enum ApprovalCheck {
  MALFORMED_KEY(0, "a VRF or encryption public key is not 33 bytes SEC1 compressed"),
  KEY_REVOKED(1, "the VRF key was revoked, permanently"),
  NOT_REGISTERED(2, "no registration by this signer with these keys and this evidence hash"),
  MEASUREMENT_NOT_ALLOWED(3, "the launch measurement is not on the allow-list"),
  TCB_BELOW_MINIMUM(4, "a TCB component is below the governance minimum"),
  EXPIRED(5, "the approval's expiry has passed"),
  EXPIRY_TOO_FAR(6, "the approval's expiry is beyond the maximum validity"),
  NOT_NEWER(7, "the key is already active until the same or a later time in this policy epoch"),
  BAD_SIGNATURE(8, "a signature does not recover (malformed or malleable)"),
  SIGNER_NOT_VERIFIER(9, "a signature is not from a current verifier"),
  DUPLICATE_OR_UNSORTED_SIGNATURE(10, "signatures repeat a verifier or are not ordered by verifier address"),
  BELOW_THRESHOLD(11, "fewer distinct verifiers signed than the threshold M");

  private final int bit;
  private final String description;

  ApprovalCheck(int bit, String description) {
    this.bit = bit;
    this.description = description;
  }

  public int bit() {
    return bit;
  }

  public String description() {
    return description;
  }

  /** The failed checks named by a bit set from the registry (empty: the approval is acceptable). */
  public static Set<ApprovalCheck> failedIn(BigInteger bits) {
    EnumSet<ApprovalCheck> failed = EnumSet.noneOf(ApprovalCheck.class);
    for (ApprovalCheck check : values()) {
      if (bits.testBit(check.bit)) failed.add(check);
    }
    return failed;
  }
}
