package io.coracle.oracle.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * The guest's keys at rest: AES-256-GCM under the sealing key, with the public keys and the
 * sealing source bound in as associated data (swapping either breaks the tag). Created on first
 * start; afterwards only ever unsealed. A file that does not unseal stops the service: silently
 * generating new keys would orphan the registered ones.
 */
public final class SealedKeyStore {
  private static final Logger LOG = Logger.getLogger(SealedKeyStore.class);
  static final String FILE_NAME = "guest-keys.sealed.json";
  static final String FORMAT = "coracle-sealed-keys";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SealedKeyStore() {}

  public static GuestKeys loadOrCreate(Path dir, SealingKeySource sealing, SecureRandom random) throws SealingException {
    Path file = dir.resolve(FILE_NAME);
    if (Files.exists(file)) {
      GuestKeys keys = unseal(file, sealing);
      LOG.infof("unsealed guest keys (%s) with %s", keys.publicKeys(), sealing.id());
      return keys;
    }
    GuestKeys keys = GuestKeys.generate(random);
    seal(file, keys, sealing, random);
    LOG.infof("generated and sealed new guest keys (%s) with %s", keys.publicKeys(), sealing.id());
    return keys;
  }

  static void seal(Path file, GuestKeys keys, SealingKeySource sealing, SecureRandom random) throws SealingException {
    byte[] key = sealing.sealingKey();
    byte[] secrets = keys.secrets();
    try {
      byte[] nonce = new byte[12];
      random.nextBytes(nonce);
      ObjectNode pub = publicPart(keys.publicKeys());
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      gcm.updateAAD(aad(sealing.id(), pub));
      byte[] ct = gcm.doFinal(secrets);
      ObjectNode doc = JSON.createObjectNode();
      doc.put("format", FORMAT);
      doc.put("version", 1);
      doc.put("sealing", sealing.id());
      doc.set("public", pub);
      doc.put("nonce", HexFormat.of().formatHex(nonce));
      doc.put("ciphertext", HexFormat.of().formatHex(ct));
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
      Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc),
          StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (GeneralSecurityException | IOException e) {
      throw new SealingException("cannot seal the guest keys to " + file + ": " + e.getMessage(), e);
    } finally {
      Arrays.fill(key, (byte) 0);
      Arrays.fill(secrets, (byte) 0);
    }
  }

  static GuestKeys unseal(Path file, SealingKeySource sealing) throws SealingException {
    JsonNode doc;
    try {
      doc = JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new SealingException("sealed key file " + file + " is unreadable: " + e.getMessage(), e);
    }
    if (doc == null || !FORMAT.equals(doc.path("format").asText()) || doc.path("version").asInt() != 1) {
      throw new SealingException("sealed key file " + file + " is not a version 1 " + FORMAT + " file");
    }
    String sealedWith = doc.path("sealing").asText();
    if (!sealedWith.equals(sealing.id())) {
      throw new SealingException(
          "keys in " + file + " were sealed with '" + sealedWith + "' but this service unseals with '" + sealing.id() + "'");
    }
    byte[] key = sealing.sealingKey();
    byte[] secrets = null;
    try {
      byte[] nonce = HexFormat.of().parseHex(doc.path("nonce").asText());
      byte[] ct = HexFormat.of().parseHex(doc.path("ciphertext").asText());
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      gcm.updateAAD(aad(sealedWith, (ObjectNode) doc.path("public")));
      secrets = gcm.doFinal(ct);
      GuestKeys keys = GuestKeys.fromSecrets(secrets);
      if (!publicPart(keys.publicKeys()).equals(doc.path("public"))) {
        throw new SealingException("sealed keys do not match the public keys recorded beside them");
      }
      return keys;
    } catch (javax.crypto.AEADBadTagException e) {
      throw new SealingException(
          "the sealed keys in " + file + " do not unseal: another machine, another image, or a tampered file");
    } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
      throw new SealingException("sealed key file " + file + " is malformed: " + e.getClass().getSimpleName());
    } finally {
      Arrays.fill(key, (byte) 0);
      if (secrets != null) {
        Arrays.fill(secrets, (byte) 0);
      }
    }
  }

  private static ObjectNode publicPart(GuestKeys.GuestPublicKeys p) {
    ObjectNode pub = JSON.createObjectNode();
    pub.put("vrf", p.vrfHex());
    pub.put("signer", p.signerAddress());
    pub.put("encryption", p.encryptionHex());
    return pub;
  }

  private static byte[] aad(String sealingId, ObjectNode pub) {
    return (FORMAT + "/1|" + sealingId + "|" + pub.path("vrf").asText() + "|" + pub.path("signer").asText() + "|"
            + pub.path("encryption").asText())
        .getBytes(StandardCharsets.UTF_8);
  }
}
