// Files to and from the registry: a supporting document sent as the request body with its
// upload progress (XMLHttpRequest: fetch reports none), its type read from its leading bytes
// before anything is sent; and a fetched document (api.blob) saved as a download.
import { session, expire } from '../session';
import { ApiError, type Problem, type Schemas } from './client';

export type UploadType = 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/webp';

const starts = (b: Uint8Array, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * The media type of a file by its leading bytes, as the registry checks it (PDF, JPEG, PNG,
 * WebP), or null for any other file: a renamed executable or a text file is refused here,
 * before it is sent.
 */
export async function sniffType(file: Blob): Promise<UploadType | null> {
  const b = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  if (starts(b, ascii('%PDF-'))) return 'application/pdf';
  if (starts(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts(b, ascii('RIFF')) && starts(b, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

function problemOf(status: number, text: string, requestId: string): Problem {
  try {
    const data = JSON.parse(text);
    if (data && typeof data === 'object' && 'status' in data) return data as Problem;
  } catch {
    // not JSON: described below
  }
  return { type: 'about:blank', title: '', status, detail: '', request_id: requestId } as Problem;
}

/**
 * POSTs file as the body of url (an API path with its query) with its type; onProgress gets
 * 0–100 as the bytes go out. Resolves to the document the registry answers (201, or 200 when
 * the same file was already attached); rejects with an ApiError.
 */
export function uploadFile(url: string, file: Blob, type: UploadType, onProgress: (percent: number) => void): Promise<Schemas['Document']> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const token = session.get().token;
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', type);
    xhr.setRequestHeader('accept', 'application/json');
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.upload.onload = () => onProgress(100);
    xhr.onerror = () => reject(new ApiError(0, problemOf(0, '', '')));
    xhr.onload = () => {
      if (xhr.status === 200 || xhr.status === 201) {
        onProgress(100);
        resolve(JSON.parse(xhr.responseText));
        return;
      }
      if (xhr.status === 401 && token) expire();
      reject(new ApiError(xhr.status, problemOf(xhr.status, xhr.responseText, xhr.getResponseHeader('x-request-id') ?? '')));
    };
    xhr.send(file);
  });
}

/** Hands bytes to the browser as a download named filename (the "save" of a fetched document). */
export function saveFile(bytes: Blob, filename: string): void {
  const href = URL.createObjectURL(bytes);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10000);
}
