// The documents of a filing: the list (download; delete while the filing is editable, confirmed
// in a dialog) and the upload by drag and drop or the file picker, with a progress bar. A file
// that is not a PDF, JPEG, PNG or WebP by its leading bytes is refused before it is sent.
import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from '../../api/client';
import { saveFile, sniffType, uploadFile } from '../../api/files';
import { Modal } from '../../components/Modal';
import { ProblemBanner } from '../../components/ProblemBanner';
import { formatDateTime } from '../../format';
import { t } from '../../i18n';
import { label } from '../../labels';
import { isEditable, type Recordation } from './RecordationParts';

type Doc = Schemas['Document'];
type Kind = Schemas['RecordationDocumentKind'];
const KINDS: Kind[] = ['registration_certificate', 'licence', 'goods_photo', 'packaging_photo', 'power_of_attorney', 'other'];

interface Props {
  rec: Recordation;
  /** Called after a document was added or removed. */
  onChange?: () => void;
}

const sizeText = (n: number) => (n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`);
const docUrl = (id: string, rest = '') => `/v1/recordations/${encodeURIComponent(id)}/documents${rest}`;

export function RecordationDocuments({ rec, onChange }: Props) {
  const recordationId = rec.id;
  // Documents are added while the filing is editable, and to an approved one (renewal evidence);
  // removed only while it is editable.
  const canDelete = isEditable(rec);
  const canUpload = canDelete || rec.status === 'approved';
  const [docs, setDocs] = useState<Doc[] | null>(null);
  const [kind, setKind] = useState<Kind>('registration_certificate');
  const [progress, setProgress] = useState<{ name: string; percent: number; done: boolean } | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [dragging, setDragging] = useState(false);
  const [removing, setRemoving] = useState<Doc | null>(null);

  const load = async () => {
    try {
      setDocs((await api.get('/v1/recordations/{id}/documents', { path: { id: recordationId } })).items);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    void load();
  }, [recordationId]);

  const send = async (file: File) => {
    setRefused(null);
    setError(null);
    const type = await sniffType(file);
    if (!type) {
      setProgress(null);
      setRefused(t('documents.refused', { name: file.name }));
      return;
    }
    setProgress({ name: file.name, percent: 0, done: false });
    const query = new URLSearchParams({ kind, filename: file.name });
    try {
      await uploadFile(docUrl(recordationId, `?${query}`), file, type, (percent) => setProgress({ name: file.name, percent, done: false }));
      setProgress({ name: file.name, percent: 100, done: true });
      await load();
      onChange?.();
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
  const remove = async () => {
    if (!removing) return;
    try {
      await api.delete('/v1/recordations/{id}/documents/{doc_id}', { path: { id: recordationId, doc_id: removing.id } });
      setRemoving(null);
      await load();
      onChange?.();
    } catch (e) {
      setRemoving(null);
      setError(e);
    }
  };
  const download = (doc: Doc) => api.blob('/v1/recordations/{id}/documents/{doc_id}', { path: { id: recordationId, doc_id: doc.id } })
    .then((bytes) => saveFile(bytes, doc.filename), setError);

  return (
    <section class="card" aria-labelledby="documents-title" aria-busy={docs === null}>
      <h2 id="documents-title">{t('documents.title')}</h2>
      <ProblemBanner error={error} />
      {docs === null ? <p class="loading">{t('common.loading')}</p>
        : docs.length === 0 ? <p class="empty">{t('documents.none')}</p>
        : (
          <div class="table-wrap"><table>
            <thead>
              <tr><th scope="col">{t('documents.file')}</th><th scope="col">{t('documents.kind')}</th><th scope="col">{t('documents.size')}</th><th scope="col">{t('documents.uploaded')}</th><th scope="col"><span class="visually-hidden">{t('documents.actions')}</span></th></tr>
            </thead>
            <tbody>
              {docs.map((d) => (
                <tr key={d.id}>
                  <td>{d.filename}</td>
                  <td>{label('doc_kind', d.kind)}</td>
                  <td>{sizeText(d.size)}</td>
                  <td>{formatDateTime(d.uploaded_at)}</td>
                  <td class="row-actions">
                    <button type="button" class="secondary small" aria-label={t('documents.download_named', { name: d.filename })} onClick={() => void download(d)}>{t('documents.download')}</button>
                    {canDelete && <button type="button" class="secondary small" aria-label={t('documents.delete_named', { name: d.filename })} onClick={() => setRemoving(d)}>{t('documents.delete')}</button>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table></div>
        )}
      {canUpload && (
        <div class="upload">
          <div class="field">
            <label for="document-kind">{t('documents.kind')}</label>
            <select id="document-kind" value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as Kind)}>
              {KINDS.map((k) => <option value={k}>{label('doc_kind', k)}</option>)}
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
          {progress && (
            <div class="upload-progress" role="status">
              <label for="upload-progress">{progress.done ? t('documents.uploaded_named', { name: progress.name }) : t('documents.uploading', { name: progress.name })}</label>
              <progress id="upload-progress" max={100} value={progress.percent} />
              <span class="upload-percent">{progress.percent} %</span>
            </div>
          )}
        </div>
      )}
      <Modal open={removing !== null} title={t('documents.delete_title')} onClose={() => setRemoving(null)}>
        <p>{t('documents.delete_confirm', { name: removing?.filename ?? '' })}</p>
        <div class="actions">
          <button type="button" class="secondary" onClick={() => setRemoving(null)}>{t('common.cancel')}</button>
          <button type="button" class="danger" onClick={() => void remove()}>{t('documents.delete')}</button>
        </div>
      </Modal>
    </section>
  );
}
