package io.coracle.chain.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coracle.contracts.AttestationApproval;
import io.coracle.contracts.Eip712Domain;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * The enclave's side of the verifier API: asks each verifier for an approval of its keys, keeps
 * only well-formed signatures by listed verifiers over exactly the approval it expects, and
 * returns them sorted by verifier address, as {@code activateKeys} wants them.
 */
public final class ApprovalCollector {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Eip712Domain domain;

  public ApprovalCollector(Eip712Domain domain) {
    this.domain = domain;
  }

  /** Approvals gathered, and why the others were not. */
  public record Collected(AttestationApproval approval, List<byte[]> signatures, List<String> verifiers, List<String> problems) {}

  /**
   * @param expected the approval this enclave needs (its keys, its evidence hash); measurement and
   *     TCB are taken from the first verifier and must then agree across all
   * @param verifierSet the registry's verifier addresses (lower case)
   */
  public Collected collect(
      List<String> verifierUrls, byte[] keyHash, long expiresAt, AttestationApproval expected, Set<String> verifierSet) {
    List<String> problems = new ArrayList<>();
    AttestationApproval agreed = null;
    record Sig(String verifier, byte[] signature) {}
    List<Sig> sigs = new ArrayList<>();
    ObjectNode req = ApprovalJson.MAPPER.createObjectNode();
    req.put("keyHash", Numeric.toHexString(keyHash));
    req.put("expiresAt", expiresAt);
    for (String url : verifierUrls) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/v1/approvals"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(req.toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = ApprovalJson.MAPPER.readTree(r.body());
        if (r.statusCode() != 200) {
          problems.add(url + ": " + r.statusCode() + " " + body.path("reason").asText(r.body()));
          continue;
        }
        AttestationApproval a = ApprovalJson.approval(body.get("approval"));
        byte[] sig = Numeric.hexStringToByteArray(ApprovalJson.text(body, "signature"));
        String claimed = ApprovalJson.text(body, "verifier").toLowerCase(java.util.Locale.ROOT);
        String recovered = recover(a, sig);
        if (recovered == null || !recovered.equals(claimed)) {
          problems.add(url + ": the signature is not " + claimed + "'s");
          continue;
        }
        if (!verifierSet.contains(claimed)) {
          problems.add(url + ": " + claimed + " is not in the registry's verifier set");
          continue;
        }
        if (!Arrays.equals(a.vrfPublicKey(), expected.vrfPublicKey())
            || !a.signer().equalsIgnoreCase(expected.signer())
            || !Arrays.equals(a.encryptionPublicKey(), expected.encryptionPublicKey())
            || !Arrays.equals(a.evidenceHash(), expected.evidenceHash())
            || a.expiresAt() != expiresAt) {
          problems.add(url + ": approved something other than these keys and evidence");
          continue;
        }
        if (agreed == null) {
          agreed = a;
        } else if (!agreed.equals(a)) {
          problems.add(url + ": disagrees with the other verifiers on measurement or TCB");
          continue;
        }
        if (sigs.stream().noneMatch(s -> s.verifier().equals(claimed))) {
          sigs.add(new Sig(claimed, sig));
        }
      } catch (IOException | RuntimeException e) {
        problems.add(url + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        problems.add(url + ": interrupted");
        break;
      }
    }
    sigs.sort(Comparator.comparing(s -> new BigInteger(1, Numeric.hexStringToByteArray(s.verifier()))));
    return new Collected(
        agreed, sigs.stream().map(Sig::signature).toList(), sigs.stream().map(Sig::verifier).toList(), problems);
  }

  private String recover(AttestationApproval a, byte[] sig) {
    if (sig.length != 65) {
      return null;
    }
    try {
      Sign.SignatureData data =
          new Sign.SignatureData(sig[64], Arrays.copyOfRange(sig, 0, 32), Arrays.copyOfRange(sig, 32, 64));
      BigInteger pub = Sign.signedMessageHashToKey(a.digest(domain), data);
      return "0x" + Keys.getAddress(pub).toLowerCase(java.util.Locale.ROOT);
    } catch (java.security.SignatureException | RuntimeException e) {
      return null;
    }
  }
}
