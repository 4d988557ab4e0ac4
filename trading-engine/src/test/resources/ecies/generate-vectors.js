// Known-answer vectors for Coracle's strategy envelope (ECIES: secp256k1 ECDH + HKDF-SHA256 +
// AES-256-GCM), computed with Node.js's crypto module (OpenSSL), an implementation independent of
// the Bouncy Castle code under test. Inputs are fixed; run `node generate-vectors.js > vectors.json`.
'use strict';
const crypto = require('crypto');

function vector(name, recipientSecretHex, ephemeralSecretHex, nonceHex, intentIdHex, traderHex, plaintext) {
  const recipient = crypto.createECDH('secp256k1');
  recipient.setPrivateKey(Buffer.from(recipientSecretHex, 'hex'));
  const recipientPub = recipient.getPublicKey(null, 'compressed');
  const ephemeral = crypto.createECDH('secp256k1');
  ephemeral.setPrivateKey(Buffer.from(ephemeralSecretHex, 'hex'));
  const ephemeralPub = ephemeral.getPublicKey(null, 'compressed');
  const shared = ephemeral.computeSecret(recipientPub); // x coordinate, 32 bytes
  const salt = Buffer.concat([ephemeralPub, recipientPub]);
  const key = Buffer.from(crypto.hkdfSync('sha256', shared, salt, Buffer.from('coracle/strategy/v1/aes-256-gcm', 'ascii'), 32));
  const nonce = Buffer.from(nonceHex, 'hex');
  const aad = Buffer.concat([Buffer.from(intentIdHex, 'hex'), Buffer.from(traderHex, 'hex')]);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(Buffer.from(plaintext, 'utf8')), cipher.final(), cipher.getAuthTag()]);
  const envelope = Buffer.concat([Buffer.from([1]), ephemeralPub, nonce, body]);
  return {
    name, recipientSecret: recipientSecretHex, recipientPublicKey: recipientPub.toString('hex'),
    ephemeralSecret: ephemeralSecretHex, nonce: nonceHex, intentId: intentIdHex, trader: traderHex,
    sharedX: shared.toString('hex'), key: key.toString('hex'), plaintext, envelope: envelope.toString('hex'),
  };
}

const hkdfRfc5869Case1 = {
  ikm: '0b'.repeat(22), salt: '000102030405060708090a0b0c', info: 'f0f1f2f3f4f5f6f7f8f9', length: 42,
  okm: Buffer.from(crypto.hkdfSync('sha256', Buffer.from('0b'.repeat(22), 'hex'), Buffer.from('000102030405060708090a0b0c', 'hex'),
    Buffer.from('f0f1f2f3f4f5f6f7f8f9', 'hex'), 42)).toString('hex'),
};

console.log(JSON.stringify({
  generator: 'node ' + process.version + ' crypto (OpenSSL ' + process.versions.openssl + ')',
  hkdfRfc5869Case1,
  envelopes: [
    vector('twap strategy', '1f'.repeat(32), '2a'.repeat(32), '000102030405060708090a0b',
      'c0ffee'.padEnd(64, '0'), '90f8bf6a479f320ead074411a4b0e7944ea8c9c1',
      '{"schema":"coracle.strategy","version":1,"kind":"twap","amountIn":"3000000000000000000","slices":3,"durationSeconds":60}'),
    vector('empty plaintext', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', '7b'.repeat(32), 'ffffffffffffffffffffffff',
      '11'.repeat(32), 'ffcf8fdee72ac11b5c542428b35eef5769c409f0', ''),
    vector('unicode label', '0000000000000000000000000000000000000000000000000000000000000001',
      'fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140', '5c5c5c5c5c5c5c5c5c5c5c5c',
      'ab'.repeat(32), '22d491bde2303f2f43325b2108d26f1eaba1e32b',
      '{"schema":"coracle.strategy","version":1,"kind":"market","amountIn":"1","label":"ordre \u00e9t\u00e9 \u2713"}'),
  ],
}, null, 2));
