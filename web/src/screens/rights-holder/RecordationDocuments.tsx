// The documents of a filing: the list (download; delete while the filing is editable, confirmed
// in a dialog) and the upload (components/DocumentUpload: drag and drop or the picker, checked
// before it is sent, with a progress bar).
import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from '../../api/client';
import { saveFile } from '../../api/files';
import { DocumentUpload } from '../../components/DocumentUpload';
import { Modal } from '../../components/Modal';
import { ProblemBanner } from '../../components/ProblemBanner';
import { formatDateTime, formatSize } from '../../format';
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


export function RecordationDocuments({ rec, onChange }: Props) {
  const recordationId = rec.id;
  // Documents are added while the filing is editable, and to an approved one (renewal evidence);
  // removed only while it is editable.
  const canDelete = isEditable(rec);
  const canUpload = canDelete || rec.status === 'approved';
  const [docs, setDocs] = useState<Doc[] | null>(null);
  const [error, setError] = useState<unknown>(null);
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
                  <td>{formatSize(d.size)}</td>
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
      {canUpload && <DocumentUpload parent="recordations" id={recordationId} kinds={KINDS} onUploaded={() => { void load(); onChange?.(); }} />}
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
