package io.coracle.cli;

import io.coracle.vrf.Ecvrf;
import io.coracle.vrf.EcvrfSuite;
import io.coracle.vrf.VrfKeyPair;
import io.coracle.vrf.VrfResult;
import io.coracle.vrf.VrfSecretKey;
import io.coracle.vrf.VrfVerification;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bouncycastle.util.encoders.Hex;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code coracle vrf}: ECVRF (RFC 9381 TAI) key generation, proving and verification. Hex in and out,
 * lowercase; a {@code 0x} prefix is accepted on input. Exit 0 on success, 1 for a proof that does not
 * verify, 2 for malformed arguments.
 */
@Command(
    name = "vrf",
    mixinStandardHelpOptions = true,
    versionProvider = Coracle.Version.class,
    description = "ECVRF (RFC 9381, try-and-increment): keygen, prove, verify.%n"
        + "Suites: secp256k1 = ECVRF-SECP256K1-SHA256-TAI (default, what the contracts verify), "
        + "p256 = ECVRF-P256-SHA256-TAI.",
    subcommands = {VrfCommand.Keygen.class, VrfCommand.Prove.class, VrfCommand.Verify.class})
public final class VrfCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Accepts secp256k1, p256 and the full suite names, ignoring case. */
  static final class SuiteConverter implements CommandLine.ITypeConverter<EcvrfSuite> {
    @Override
    public EcvrfSuite convert(String value) {
      return EcvrfSuite.find(value).orElseThrow(() -> new CommandLine.TypeConversionException(
          "unknown suite '" + value + "'; expected one of: " + EcvrfSuite.acceptedNames()));
    }
  }

  /** The shared --suite option. */
  static final class SuiteOption {
    @Option(names = "--suite", paramLabel = "SUITE", converter = SuiteConverter.class,
        defaultValue = "secp256k1",
        description = "secp256k1 (default) or p256, or a full suite name such as ECVRF-P256-SHA256-TAI.")
    EcvrfSuite suite;
  }

  /**
   * Decodes hex (optional 0x prefix). {@code secret} keeps the value out of the message.
   */
  static byte[] hex(String option, String value, boolean secret) {
    String v = value.trim();
    if (v.startsWith("0x") || v.startsWith("0X")) {
      v = v.substring(2);
    }
    if (v.length() % 2 != 0) {
      throw new CliErrors.UsageException(option + " must have an even number of hex digits"
          + (secret ? "" : ", got " + v.length()));
    }
    for (int i = 0; i < v.length(); i++) {
      if (Character.digit(v.charAt(i), 16) < 0) {
        throw new CliErrors.UsageException(option + " is not hex" + (secret ? ""
            : ": unexpected '" + v.charAt(i) + "' at position " + i));
      }
    }
    return Hex.decode(v.toLowerCase(Locale.ROOT));
  }

  static String hex(byte[] bytes) {
    return Hex.toHexString(bytes);
  }

  @Command(name = "keygen", mixinStandardHelpOptions = true, versionProvider = Coracle.Version.class,
      description = "Generate a key pair from the system's SecureRandom. Prints {\"suite\", \"sk\", \"pk\"}.")
  static final class Keygen implements Callable<Integer> {
    @Spec CommandSpec spec;
    @CommandLine.Mixin SuiteOption suite;

    @Override
    public Integer call() {
      Ecvrf vrf = Ecvrf.of(suite.suite);
      VrfKeyPair kp = vrf.generateKeyPair(new SecureRandom());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("suite", suite.suite.suiteName());
      out.put("sk", hex(kp.secretKey().toBytes()));
      out.put("pk", kp.publicKey().toHex());
      Json.print(spec.commandLine().getOut(), out);
      return CliErrors.OK;
    }
  }

  @Command(name = "prove", mixinStandardHelpOptions = true, versionProvider = Coracle.Version.class,
      description = "Prove alpha with a secret key. Prints {\"pi\", \"beta\"}.")
  static final class Prove implements Callable<Integer> {
    @Spec CommandSpec spec;
    @CommandLine.Mixin SuiteOption suite;

    @Option(names = "--sk", required = true, paramLabel = "HEX",
        description = "Secret key, 32 bytes hex. Beware: command lines are visible to other local users.")
    String sk;

    @Option(names = "--alpha", required = true, paramLabel = "HEX", description = "The message, hex (may be empty).")
    String alpha;

    @Override
    public Integer call() {
      Ecvrf vrf = Ecvrf.of(suite.suite);
      VrfResult<VrfSecretKey> key = vrf.decodeSecretKey(hex("--sk", sk, true));
      if (key instanceof VrfResult.Failed<VrfSecretKey> f) {
        throw new CliErrors.UsageException("--sk is not a valid " + suite.suite.shortName()
            + " secret key: " + f.reason().description());
      }
      byte[] pi = vrf.prove(key.value(), hex("--alpha", alpha, false));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("pi", hex(pi));
      out.put("beta", hex(vrf.proofToHash(pi).value()));
      Json.print(spec.commandLine().getOut(), out);
      return CliErrors.OK;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = Coracle.Version.class,
      description = "Verify a proof. Prints {\"valid\": true, \"beta\"} and exits 0, or "
          + "{\"valid\": false, \"reason\", \"detail\"} and exits 1.")
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;
    @CommandLine.Mixin SuiteOption suite;

    @Option(names = "--pk", required = true, paramLabel = "HEX", description = "Public key, 33-byte SEC1 compressed, hex.")
    String pk;

    @Option(names = "--alpha", required = true, paramLabel = "HEX", description = "The message, hex (may be empty).")
    String alpha;

    @Option(names = "--pi", required = true, paramLabel = "HEX", description = "The proof, 81 bytes hex.")
    String pi;

    @Override
    public Integer call() {
      Ecvrf vrf = Ecvrf.of(suite.suite);
      VrfVerification v = vrf.verify(hex("--pk", pk, false), hex("--alpha", alpha, false), hex("--pi", pi, false));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("valid", v.isValid());
      if (v instanceof VrfVerification.Valid valid) {
        out.put("beta", hex(valid.beta()));
        Json.print(spec.commandLine().getOut(), out);
        return CliErrors.OK;
      }
      VrfVerification.Invalid invalid = (VrfVerification.Invalid) v;
      out.put("reason", invalid.reason().code());
      out.put("detail", invalid.reason().description());
      Json.print(spec.commandLine().getOut(), out);
      return CliErrors.NEGATIVE;
    }
  }
}
