// Attach a supporting document to a record (POST <documents>?kind=&filename=, the file as the
// body): choose its kind and the file, the type refused before upload when it is not PDF, JPEG,
// PNG or WebP, a progress bar while it goes (XMLHttpRequest: fetch reports no upload progress),
// then onUploaded (the list and viewer is components/Documents). `parent` and `id` name the record.
import { useState } from 'preact/hooks';
import { ApiError, type Problem, type Schemas } from '../api/client';
import { t } from '../i18n';
import { label } from '../labels';
import { expire, session } from '../session';
import { ProblemBanner } from './ProblemBanner';

type Doc = Schemas['Document'];
const TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'];
const MAX_BYTES = 20 * 1024 * 1024;

/** Sends one file; resolves to the document, reports progress (0..1), rejects with an ApiError. */
function send(url: string, file: File, onProgress: (p: number) => void): Promise<Doc> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    const token = session.get().token;
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('content-type', file.type);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: unknown;
      try { body = JSON.parse(xhr.responseText); } catch { body = undefined; }
      if (xhr.status === 200 || xhr.status === 201) return resolve(body as Doc);
      if (xhr.status === 401 && token) expire();
      const problem = body && typeof body === 'object' && 'status' in body ? body as Problem
        : { type: 'about:blank', title: xhr.statusText, status: xhr.status, detail: '', request_id: '' } as Problem;
      reject(new ApiError(xhr.status, problem));
    };
    xhr.onerror = () => reject(new ApiError(0, { type: 'about:blank', title: 'Network error', status: 0, detail: '', request_id: '' } as Problem));
    xhr.send(file);
  });
}

interface DocumentUploadProps {
  parent: 'recordations' | 'pre-confirmations';
  id: string;
  /** The kinds the record takes (the API's enum for it). */
  kinds: string[];
  /** Called after each upload (to show the new list). */
  onUploaded: () => void;
}

export function DocumentUpload({ parent, id, kinds, onUploaded }: DocumentUploadProps) {
  const [kind, setKind] = useState(kinds[0]);
  const [file, setFile] = useState<File | null>(null);
  const [refusal, setRefusal] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  const choose = (e: Event) => {
    const chosen = (e.currentTarget as HTMLInputElement).files?.[0] ?? null;
    setError(null);
    setRefusal(!chosen ? '' : !TYPES.includes(chosen.type) ? t('documents.bad_type', { file: chosen.name })
      : chosen.size > MAX_BYTES ? t('documents.too_large', { file: chosen.name }) : '');
    setFile(chosen);
  };
  const upload = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    if (!file || refusal) return;
    setError(null);
    setProgress(0);
    try {
      await send(`/v1/${parent}/${encodeURIComponent(id)}/documents?${new URLSearchParams({ kind, filename: file.name })}`, file, setProgress);
      setFile(null);
      form.reset();
      onUploaded();
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  };

  return (
    <form class="upload" onSubmit={upload} noValidate>
      <div class="field-row">
        <div class="field">
          <label for="doc-kind">{t('documents.kind')}</label>
          <select id="doc-kind" value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value)}>
            {kinds.map((k) => <option key={k} value={k}>{label('doc_kind', k)}</option>)}
          </select>
        </div>
        <div class={refusal ? 'field field-invalid' : 'field'}>
          <label for="doc-file">{t('documents.file')}</label>
          <input id="doc-file" type="file" accept={TYPES.join(',')} onChange={choose}
            aria-invalid={refusal ? true : undefined} aria-describedby={refusal ? 'doc-file-error' : 'doc-file-hint'} />
          {refusal ? <p id="doc-file-error" class="field-error">{refusal}</p> : <p id="doc-file-hint" class="field-hint">{t('documents.types')}</p>}
        </div>
      </div>
      {progress !== null && <progress max={1} value={progress} aria-label={t('documents.progress')} />}
      <ProblemBanner error={error} />
      <button type="submit" class="secondary" disabled={!file || !!refusal || progress !== null}>{t('documents.upload')}</button>
    </form>
  );
}
