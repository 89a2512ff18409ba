// An independent verifier of the registry's certificates, for the tests: Node's own Ed25519
// (node:crypto) and the npm RFC 8785 canonicalizer `canonicalize`, nothing of iprd's C code.
// It follows the eddsa-jcs-2022 verification algorithm of W3C "Data Integrity EdDSA
// Cryptosuites v1.0": the proof without proofValue and the document without proof, each
// canonicalized (JCS) and hashed with SHA-256, proof hash first; Ed25519 over the 64 bytes.
import { createHash, createPublicKey, verify } from 'node:crypto';
import canonicalize from 'canonicalize';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** base58btc (Bitcoin alphabet) to bytes; throws on another character. */
export function base58Decode(text) {
  let n = 0n;
  for (const ch of text) {
    const d = ALPHABET.indexOf(ch);
    if (d < 0) throw new Error(`not base58: ${ch}`);
    n = n * 58n + BigInt(d);
  }
  const bytes = [];
  while (n > 0n) { bytes.unshift(Number(n & 0xffn)); n >>= 8n; }
  for (const ch of text) { if (ch !== '1') break; bytes.unshift(0); }
  return Buffer.from(bytes);
}

/** The Node KeyObject of an Ed25519 Multikey ("z6Mk...": multicodec 0xed01 and 32 bytes). */
export function multikeyToPublicKey(multikey) {
  if (!multikey.startsWith('z')) throw new Error('not multibase base58btc');
  const raw = base58Decode(multikey.slice(1));
  if (raw.length !== 34 || raw[0] !== 0xed || raw[1] !== 0x01) throw new Error('not an Ed25519 Multikey');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.subarray(2).toString('base64url') }, format: 'jwk' });
}

const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Verifies a credential (a parsed object) against a DID document's keys: true, or a string
 * saying what failed.
 */
export function verifyCredential(credential, didDocument) {
  const { proof, ...unsecured } = credential;
  if (!proof || proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-jcs-2022') return 'no eddsa-jcs-2022 proof';
  const { proofValue, ...options } = proof;
  if (options['@context']) {
    const docCtx = unsecured['@context'] ?? [];
    if (!options['@context'].every((c, i) => docCtx[i] === c)) return 'the proof @context is not the document\'s';
    unsecured['@context'] = options['@context'];
  }
  const method = (didDocument.verificationMethod || []).find((m) => m.id === options.verificationMethod);
  if (!method) return `unknown verification method ${options.verificationMethod}`;
  if (!(didDocument.assertionMethod || []).includes(method.id)) return 'the key is not an assertion method';
  if (typeof proofValue !== 'string' || !proofValue.startsWith('z')) return 'proofValue is not base58btc';
  const data = Buffer.concat([sha256(canonicalize(options)), sha256(canonicalize(unsecured))]);
  let signature;
  try { signature = base58Decode(proofValue.slice(1)); } catch (e) { return e.message; }
  return verify(null, data, multikeyToPublicKey(method.publicKeyMultibase), signature) ? true : 'bad signature';
}

export { canonicalize };
