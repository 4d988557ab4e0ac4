package io.coracle.trading.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.Test;

/**
 * The envelope against vectors computed by an independent implementation (Node.js/OpenSSL, see
 * resources/ecies/PROVENANCE.md), both directions; and a negative case for every check.
 */
class StrategyCipherTest {
  private static final HexFormat HEX = HexFormat.of();

  static JsonNode vectors() throws Exception {
    try (InputStream in = StrategyCipherTest.class.getResourceAsStream("/ecies/vectors.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  static List<JsonNode> envelopes() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    vectors().get("envelopes").forEach(out::add);
    return out;
  }

  private static IntentBinding binding(JsonNode v) {
    return IntentBinding.of(v.get("intentId").asText(), v.get("trader").asText());
  }

  private static BigInteger secret(JsonNode v) {
    return new BigInteger(v.get("recipientSecret").asText(), 16);
  }

  private static byte[] envelope(JsonNode v) {
    return HEX.parseHex(v.get("envelope").asText());
  }

  @Test
  void hkdfIsRfc5869() throws Exception {
    JsonNode c = vectors().get("hkdfRfc5869Case1");
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(HEX.parseHex(c.get("ikm").asText()), HEX.parseHex(c.get("salt").asText()), HEX.parseHex(c.get("info").asText())));
    byte[] okm = new byte[c.get("length").asInt()];
    hkdf.generateBytes(okm, 0, okm.length);
    assertThat(HEX.formatHex(okm)).isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")
        .isEqualTo(c.get("okm").asText());
  }

  @Test
  void ecdhAndKeyDerivationMatchTheIndependentImplementation() throws Exception {
    for (JsonNode v : envelopes()) {
      BigInteger ephemeral = new BigInteger(v.get("ephemeralSecret").asText(), 16);
      byte[] recipient = StrategyEnvelope.publicKeyOf(secret(v));
      assertThat(HEX.formatHex(recipient)).as(v.get("name").asText()).isEqualTo(v.get("recipientPublicKey").asText());
      byte[] shared = StrategyEnvelope.sharedX(ephemeral, StrategyEnvelope.decodePoint(recipient));
      assertThat(HEX.formatHex(shared)).isEqualTo(v.get("sharedX").asText());
      // ECDH is symmetric: d*R = r*Q
      assertThat(StrategyEnvelope.sharedX(secret(v), StrategyEnvelope.decodePoint(StrategyEnvelope.publicKeyOf(ephemeral)))).isEqualTo(shared);
      assertThat(HEX.formatHex(StrategyEnvelope.deriveKey(shared, StrategyEnvelope.publicKeyOf(ephemeral), recipient)))
          .isEqualTo(v.get("key").asText());
    }
  }

  @Test
  void encryptsToTheKnownEnvelopeAndDecryptsIt() throws Exception {
    for (JsonNode v : envelopes()) {
      byte[] plaintext = v.get("plaintext").asText().getBytes(StandardCharsets.UTF_8);
      StrategyEncryptor encryptor = new StrategyEncryptor(HEX.parseHex(v.get("recipientPublicKey").asText()), new SecureRandom());
      byte[] made = encryptor.encrypt(plaintext, binding(v), new BigInteger(v.get("ephemeralSecret").asText(), 16),
          HEX.parseHex(v.get("nonce").asText()));
      assertThat(HEX.formatHex(made)).as(v.get("name").asText()).isEqualTo(v.get("envelope").asText());

      DecryptionResult r = new StrategyDecryptor(secret(v)).decrypt(envelope(v), binding(v));
      assertThat(r).isInstanceOf(DecryptionResult.Decrypted.class);
      assertThat(((DecryptionResult.Decrypted) r).plaintext()).isEqualTo(plaintext);
      assertThat(r.toString()).doesNotContain(v.get("plaintext").asText().isEmpty() ? "\u0000" : v.get("plaintext").asText());
    }
  }

  @Test
  void randomEncryptionsRoundTripAndNeverRepeat() {
    BigInteger secret = new BigInteger("1f".repeat(32), 16);
    StrategyDecryptor decryptor = new StrategyDecryptor(secret);
    StrategyEncryptor encryptor = new StrategyEncryptor(decryptor.publicKey(), new SecureRandom());
    IntentBinding b = IntentBinding.of("0x" + "ab".repeat(32), "0x" + "cd".repeat(20));
    byte[] plaintext = "{\"kind\":\"market\"}".getBytes(StandardCharsets.UTF_8);
    byte[] one = encryptor.encrypt(plaintext, b);
    byte[] two = encryptor.encrypt(plaintext, b);
    assertThat(one).isNotEqualTo(two);
    assertThat(one).hasSize(StrategyEnvelope.HEADER_LENGTH + plaintext.length + StrategyEnvelope.TAG_LENGTH);
    assertThat(((DecryptionResult.Decrypted) decryptor.decrypt(one, b)).plaintext()).isEqualTo(plaintext);
    assertThat(((DecryptionResult.Decrypted) decryptor.decrypt(two, b)).plaintext()).isEqualTo(plaintext);
  }

  private static DecryptionResult.Failure failureOf(DecryptionResult r) {
    assertThat(r).isInstanceOf(DecryptionResult.Failed.class);
    return ((DecryptionResult.Failed) r).failure();
  }

  @Test
  void everyCheckRefusesItsOwnKindOfBadInput() throws Exception {
    JsonNode v = envelopes().get(0);
    StrategyDecryptor d = new StrategyDecryptor(secret(v));
    byte[] good = envelope(v);
    IntentBinding b = binding(v);

    // length and version
    assertThat(failureOf(d.decrypt(null, b))).isEqualTo(DecryptionResult.Failure.MALFORMED_ENVELOPE);
    assertThat(failureOf(d.decrypt(java.util.Arrays.copyOf(good, StrategyEnvelope.HEADER_LENGTH + StrategyEnvelope.TAG_LENGTH - 1), b)))
        .isEqualTo(DecryptionResult.Failure.MALFORMED_ENVELOPE);
    assertThat(failureOf(d.decrypt(new byte[StrategyEnvelope.MAX_ENVELOPE_LENGTH + 1], b))).isEqualTo(DecryptionResult.Failure.MALFORMED_ENVELOPE);
    byte[] version = good.clone();
    version[0] = 2;
    assertThat(failureOf(d.decrypt(version, b))).isEqualTo(DecryptionResult.Failure.MALFORMED_ENVELOPE);

    // the ephemeral key: uncompressed prefix, an x with no point, the zero x
    byte[] prefix = good.clone();
    prefix[1] = 0x04;
    assertThat(failureOf(d.decrypt(prefix, b))).isEqualTo(DecryptionResult.Failure.INVALID_EPHEMERAL_KEY);
    byte[] noPoint = good.clone();
    java.util.Arrays.fill(noPoint, 2, 34, (byte) 0xff); // x >= p
    assertThat(failureOf(d.decrypt(noPoint, b))).isEqualTo(DecryptionResult.Failure.INVALID_EPHEMERAL_KEY);
    byte[] xZero = good.clone();
    java.util.Arrays.fill(xZero, 2, 34, (byte) 0); // x = 0: 0^3 + 7 = 7 is not a square mod p
    assertThat(failureOf(d.decrypt(xZero, b))).isEqualTo(DecryptionResult.Failure.INVALID_EPHEMERAL_KEY);

    // authentication: each part of the binding, the key, and every region of the bytes
    assertThat(failureOf(d.decrypt(good, IntentBinding.of("0x" + "00".repeat(32), v.get("trader").asText()))))
        .isEqualTo(DecryptionResult.Failure.AUTHENTICATION_FAILED);
    assertThat(failureOf(d.decrypt(good, IntentBinding.of(v.get("intentId").asText(), "0x" + "00".repeat(20)))))
        .isEqualTo(DecryptionResult.Failure.AUTHENTICATION_FAILED);
    assertThat(failureOf(new StrategyDecryptor(secret(v).add(BigInteger.ONE)).decrypt(good, b)))
        .isEqualTo(DecryptionResult.Failure.AUTHENTICATION_FAILED);
    for (int i : new int[] {1, 20, 33, 34, 45, StrategyEnvelope.HEADER_LENGTH, good.length - StrategyEnvelope.TAG_LENGTH, good.length - 1}) {
      byte[] flipped = good.clone();
      flipped[i] ^= 0x01;
      DecryptionResult r = d.decrypt(flipped, b);
      assertThat(r).as("bit flipped at %d", i).isInstanceOf(DecryptionResult.Failed.class);
      // byte 1 is the point's parity prefix: flipping 0x02<->0x03 gives another valid point, so authentication fails
      assertThat(failureOf(r)).isIn(DecryptionResult.Failure.AUTHENTICATION_FAILED, DecryptionResult.Failure.INVALID_EPHEMERAL_KEY);
    }
    // truncated tag
    assertThat(failureOf(d.decrypt(java.util.Arrays.copyOf(good, good.length - 1), b))).isEqualTo(DecryptionResult.Failure.AUTHENTICATION_FAILED);
  }

  @Test
  void theTradersSideRefusesBadKeysAndOversizedStrategies() {
    assertThatThrownBy(() -> new StrategyEncryptor(new byte[33], new SecureRandom())).isInstanceOf(IllegalArgumentException.class);
    byte[] uncompressed = new byte[65];
    uncompressed[0] = 4;
    assertThatThrownBy(() -> new StrategyEncryptor(uncompressed, new SecureRandom())).isInstanceOf(IllegalArgumentException.class);
    StrategyEncryptor e = new StrategyEncryptor(StrategyEnvelope.publicKeyOf(BigInteger.TEN), new SecureRandom());
    IntentBinding b = IntentBinding.of("0x" + "ab".repeat(32), "0x" + "cd".repeat(20));
    assertThat(e.encrypt(new byte[StrategyEnvelope.MAX_PLAINTEXT_LENGTH], b)).hasSize(StrategyEnvelope.MAX_ENVELOPE_LENGTH);
    assertThatThrownBy(() -> e.encrypt(new byte[StrategyEnvelope.MAX_PLAINTEXT_LENGTH + 1], b))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
    assertThatThrownBy(() -> IntentBinding.of("0x1234", "0x" + "cd".repeat(20))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IntentBinding.of("0x" + "ab".repeat(32), "0xzz")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StrategyEnvelope.publicKeyOf(BigInteger.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theDecryptorNeverShowsItsSecret() {
    BigInteger secret = new BigInteger("1f".repeat(32), 16);
    StrategyDecryptor d = new StrategyDecryptor(secret);
    assertThat(d.toString()).doesNotContain(secret.toString(16)).doesNotContain(secret.toString()).contains("redacted");
  }
}
