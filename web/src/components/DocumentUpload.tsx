// Attach a supporting document to a record (POST <documents>?kind=&filename=, the file as the
// body), shared by the holder's filing, the importer's request, the port's case and the power of attorney of
// a mandate: choose its kind, then drop
// a file on the zone or pick it; a file that is not a PDF, JPEG, PNG or WebP by its leading
// bytes, or larger than 20 MB, is refused before it is sent; a progress bar while it goes,
// then onUploaded (the list is the screen's). `parent` and `id` name the record (a recordation's
// guide is a parent of its own: its photos).
import { useState } from 'preact/hooks';
import { sniffType, uploadFile } from '../api/files';
import { t } from '../i18n';
import { label } from '../labels';
import { documentsPath, type DocumentParent } from './Documents';
import { ProblemBanner } from './ProblemBanner';

const MAX_BYTES = 20 * 1024 * 1024;

interface DocumentUploadProps {
  parent: DocumentParent;
  id: string;
  /** The kinds the record takes (the API's enum for it); the first is chosen at first. */
  kinds: readonly string[];
  /** Called after each upload (to show the new list). */
  onUploaded: () => void;
}

export function DocumentUpload({ parent, id, kinds, onUploaded }: DocumentUploadProps) {
  const [kind, setKind] = useState(kinds[0]);
  const [progress, setProgress] = useState<{ name: string; percent: number; done: boolean } | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [dragging, setDragging] = useState(false);

  const send = async (file: File) => {
    setRefused(null);
    setError(null);
    const type = await sniffType(file);
    if (!type || file.size > MAX_BYTES) {
      setProgress(null);
      setRefused(t(type ? 'documents.too_large' : 'documents.refused', { name: file.name }));
      return;
    }
    setProgress({ name: file.name, percent: 0, done: false });
    const query = new URLSearchParams({ kind, filename: file.name });
    try {
      await uploadFile(`${documentsPath(parent, id)}?${query}`, file, type,
        (percent) => setProgress({ name: file.name, percent, done: false }));
      setProgress({ name: file.name, percent: 100, done: true });
      onUploaded();
    } catch (e) {
      setProgress(null);
      setError(e);
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer?.files[0];
    if (file) void send(file);
  };
  const onPick = (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void send(file);
    input.value = '';
  };

  return (
    <div class="upload">
      <div class="field">
        <label for="document-kind">{t('documents.kind')}</label>
        <select id="document-kind" value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value)}>
          {kinds.map((k) => <option key={k} value={k}>{label('doc_kind', k)}</option>)}
        </select>
      </div>
      <div
        class={dragging ? 'dropzone dropzone-active' : 'dropzone'}
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>{t('documents.drop_here')}</p>
        <label for="document-file" class="file-label">{t('documents.choose')}</label>
        <input id="document-file" type="file" accept="application/pdf,image/jpeg,image/png,image/webp,.pdf,.jpg,.jpeg,.png,.webp" onChange={onPick} aria-describedby="document-types" />
        <p id="document-types" class="field-hint">{t('documents.types')}</p>
      </div>
      {refused && <p class="banner banner-error" role="alert">{refused}</p>}
      <ProblemBanner error={error} />
      {progress && (
        <div class="upload-progress" role="status">
          <label for="upload-progress">{progress.done ? t('documents.uploaded_named', { name: progress.name }) : t('documents.uploading', { name: progress.name })}</label>
          <progress id="upload-progress" max={100} value={progress.percent} />
          <span class="upload-percent">{progress.percent} %</span>
        </div>
      )}
    </div>
  );
}
