package io.coracle.oracle.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealedKeyStoreTest {
  @TempDir Path dir;

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  @Test
  void firstStartGeneratesAndSealsLaterStartsUnsealTheSameKeys() throws Exception {
    var sealing = new FileSealingKeySource(dir);
    GuestKeys first = SealedKeyStore.loadOrCreate(dir, sealing, new SecureRandom());
    GuestKeys second = SealedKeyStore.loadOrCreate(dir, sealing, new SecureRandom());
    assertThat(second.publicKeys().vrfHex()).isEqualTo(first.publicKeys().vrfHex());
    assertThat(second.publicKeys().signerAddress()).isEqualTo(first.publicKeys().signerAddress());
    assertThat(second.publicKeys().encryptionHex()).isEqualTo(first.publicKeys().encryptionHex());
    assertThat(second.vrf()).isEqualTo(first.vrf());
    assertThat(Files.getPosixFilePermissions(dir.resolve(FileSealingKeySource.FILE_NAME)))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void noSecretAppearsInTheSealedFileOrInToString() throws Exception {
    GuestKeys keys = SealedKeyStore.loadOrCreate(dir, new FileSealingKeySource(dir), new SecureRandom());
    String file = Files.readString(dir.resolve(SealedKeyStore.FILE_NAME));
    byte[] secrets = keys.secrets();
    for (int i = 0; i < 3; i++) {
      String secret = hex(java.util.Arrays.copyOfRange(secrets, 32 * i, 32 * i + 32));
      assertThat(file).doesNotContain(secret);
      assertThat(keys.toString()).doesNotContain(secret);
      assertThat(keys.vrf().toString()).doesNotContain(secret);
    }
  }

  @Test
  void anotherSealingKeyCannotUnseal() throws Exception {
    SealedKeyStore.loadOrCreate(dir, new FileSealingKeySource(dir), new SecureRandom());
    Files.write(dir.resolve(FileSealingKeySource.FILE_NAME), new byte[32]);
    assertThatThrownBy(() -> SealedKeyStore.loadOrCreate(dir, new FileSealingKeySource(dir), new SecureRandom()))
        .isInstanceOf(SealingException.class)
        .hasMessageContaining("do not unseal");
  }

  @Test
  void swappedPublicKeysBreakTheSeal() throws Exception {
    SealedKeyStore.loadOrCreate(dir, new FileSealingKeySource(dir), new SecureRandom());
    Path file = dir.resolve(SealedKeyStore.FILE_NAME);
    ObjectMapper json = new ObjectMapper();
    ObjectNode doc = (ObjectNode) json.readTree(file.toFile());
    ((ObjectNode) doc.get("public")).put("signer", "0x" + "11".repeat(20));
    json.writeValue(file.toFile(), doc);
    assertThatThrownBy(() -> SealedKeyStore.loadOrCreate(dir, new FileSealingKeySource(dir), new SecureRandom()))
        .hasMessageContaining("do not unseal");
  }

  @Test
  void aFlippedCiphertextBitBreaksTheSeal() throws Exception {
    SealedKeyStore.loadOrCreate(dir, new FileSealingKeySource(dir), new SecureRandom());
    Path file = dir.resolve(SealedKeyStore.FILE_NAME);
    ObjectMapper json = new ObjectMapper();
    ObjectNode doc = (ObjectNode) json.readTree(file.toFile());
    byte[] ct = HexFormat.of().parseHex(doc.get("ciphertext").asText());
    ct[5] ^= 1;
    doc.put("ciphertext", hex(ct));
    json.writeValue(file.toFile(), doc);
    assertThatThrownBy(() -> SealedKeyStore.loadOrCreate(dir, new FileSealingKeySource(dir), new SecureRandom()))
        .hasMessageContaining("do not unseal");
  }

  @Test
  void keysSealedUnderOneSourceAreNotOpenedWithAnother() throws Exception {
    SealedKeyStore.loadOrCreate(dir, new FileSealingKeySource(dir), new SecureRandom());
    var other = new SnpDerivedSealingKeySource(dir.resolve("no-snpguest"), dir.resolve("work"));
    assertThatThrownBy(() -> SealedKeyStore.loadOrCreate(dir, other, new SecureRandom()))
        .hasMessageContaining("sealed with 'file-standin'");
  }

  @Test
  void malformedFilesAreReportedNotRegenerated() throws Exception {
    Files.writeString(dir.resolve(SealedKeyStore.FILE_NAME), "{not json");
    assertThatThrownBy(() -> SealedKeyStore.loadOrCreate(dir, new FileSealingKeySource(dir), new SecureRandom()))
        .hasMessageContaining("unreadable");
    assertThat(Files.readString(dir.resolve(SealedKeyStore.FILE_NAME))).isEqualTo("{not json");
  }

  @Test
  void theSnpDerivedKeyComesFromSnpguestAndFailuresAreClear() throws Exception {
    Path tool = dir.resolve("snpguest");
    // A stand-in for snpguest: `snpguest key OUT vcek -g 001001` writes 32 bytes.
    Files.writeString(tool, "#!/bin/sh\n[ \"$1\" = key ] && [ \"$3\" = vcek ] && [ \"$5\" = 001001 ] || exit 3\n"
        + "head -c 32 /dev/zero | tr '\\0' 'k' > \"$2\"\n");
    tool.toFile().setExecutable(true);
    var source = new SnpDerivedSealingKeySource(tool, dir.resolve("work"));
    assertThat(source.sealingKey()).hasSize(32).containsOnly((byte) 'k');
    GuestKeys keys = SealedKeyStore.loadOrCreate(dir.resolve("sealed"), source, new SecureRandom());
    assertThat(SealedKeyStore.loadOrCreate(dir.resolve("sealed"), source, new SecureRandom()).publicKeys().vrfHex())
        .isEqualTo(keys.publicKeys().vrfHex());

    Files.writeString(tool, "#!/bin/sh\necho 'Error: /dev/sev-guest: No such file or directory' >&2\nexit 1\n");
    assertThatThrownBy(source::sealingKey).hasMessageContaining("snpguest key failed").hasMessageContaining("/dev/sev-guest");
    var missing = new SnpDerivedSealingKeySource(dir.resolve("absent"), dir.resolve("work"));
    assertThatThrownBy(missing::sealingKey).hasMessageContaining("is this an SEV-SNP guest");
  }
}
