package io.coracle.oracle.keys;

/**
 * Where the 256-bit key that seals the guest's secrets at rest comes from. Inside an SEV-SNP guest
 * it is derived by the platform from the chip and the launch measurement, so a different image or
 * another machine cannot unseal; outside a guest a file stands in for it (and protects nothing).
 */
public interface SealingKeySource {
  /** 32 bytes. Callers wipe the array after use. */
  byte[] sealingKey() throws SealingException;

  /** Names the source in the sealed file, so that unsealing under another source fails clearly. */
  String id();

  /** True when the key is bound to the platform (SNP derived key); false for the file stand-in. */
  boolean platformBound();
}
