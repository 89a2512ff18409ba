// An independent check of the registry's tamper-evident log, for the tests: RFC 9162
// (section 2.1.3.2 and 2.1.4.2) proof verification and C2SP signed-note checkpoints, with
// Node's own SHA-256 and Ed25519, nothing of iprd's C code.
import { createHash, verify } from 'node:crypto';

const sha256 = (...parts) => { const h = createHash('sha256'); for (const p of parts) h.update(p); return h.digest(); };
export const leafHash = (bytes) => sha256(Buffer.from([0]), bytes);
const nodeHash = (l, r) => sha256(Buffer.from([1]), l, r);

/** RFC 9162 2.1.3.2: is the leaf hash at index in the tree of size with this root? */
export function verifyInclusion(index, size, leaf, path, root) {
  if (index >= size) return false;
  let fn = index, sn = size - 1, r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if ((fn & 1) || fn === sn) {
      r = nodeHash(p, r);
      if (!(fn & 1)) while (!(fn & 1) && fn !== 0) { fn >>= 1; sn >>= 1; }
    } else r = nodeHash(r, p);
    fn >>= 1; sn >>= 1;
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 2.1.4.2: is the tree of size first (firstRoot) a prefix of the tree of size second (secondRoot)? */
export function verifyConsistency(first, second, firstRoot, secondRoot, proof) {
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (first === 0 || first > second) return false;
  let path = proof;
  if ((first & (first - 1)) === 0) path = [firstRoot, ...proof];
  if (path.length === 0) return false;
  let fn = first - 1, sn = second - 1;
  while (fn & 1) { fn >>= 1; sn >>= 1; }
  let fr = path[0], sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if ((fn & 1) || fn === sn) {
      fr = nodeHash(c, fr); sr = nodeHash(c, sr);
      if (!(fn & 1)) while (!(fn & 1) && fn !== 0) { fn >>= 1; sn >>= 1; }
    } else sr = nodeHash(sr, c);
    fn >>= 1; sn >>= 1;
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}

/**
 * Parses and checks a C2SP tlog-checkpoint signed note against an Ed25519 public key
 * (a KeyObject): { origin, size, root (Buffer), extensions, valid }.
 */
export function parseCheckpoint(note, publicKey) {
  const split = note.indexOf('\n\n');
  const text = note.slice(0, split + 1);
  const [origin, size, root, ...extensions] = text.trimEnd().split('\n');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url');
  const keyId = sha256(Buffer.from(`${origin}\n`), Buffer.from([1]), raw).subarray(0, 4);
  let valid = false;
  for (const line of note.slice(split + 2).split('\n')) {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!m || m[1] !== origin) continue;
    const sig = Buffer.from(m[2], 'base64');
    if (sig.length === 68 && sig.subarray(0, 4).equals(keyId)) valid = verify(null, Buffer.from(text), publicKey, sig.subarray(4));
  }
  return { origin, size: Number(size), root: Buffer.from(root, 'base64'), extensions, valid };
}
