// The documents of a recordation, a pre-confirmation, a recordation's guide, a case or a mandate, viewed in the page: the download needs
// the Bearer token, so the file is fetched (api.blob), turned into an object URL and shown in a
// frame (PDF) or an <img> (JPEG, PNG, WebP). The console's Content-Security-Policy allows
// blob: for frames, objects and images for this (server/http/console.c). Nothing is shown until
// the user opens a document: Chromium's PDF viewer takes the keyboard focus when it loads, which
// must never happen under someone typing elsewhere (a dialog, a filter). A guide's photos can also
// be removed here by its holder (`removable`), each after a confirmation in a dialog.
import { useEffect, useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import { formatDateTime, formatSize } from '../format';
import { t } from '../i18n';
import { label } from '../labels';
import { Modal } from './Modal';
import { ProblemBanner } from './ProblemBanner';

type Doc = Schemas['Document'];
/** The record the documents hang off: a recordation, a pre-confirmation, a recordation's guide (its photos), a
 * case or a mandate (its power of attorney). */
export type DocumentParent = 'recordations' | 'pre-confirmations' | 'guide' | 'cases' | 'mandates';

/** Where the documents of a record are listed and uploaded. */
export function documentsPath(parent: DocumentParent, id: string): string {
  const record = encodeURIComponent(id);
  return parent === 'guide' ? `/v1/recordations/${record}/guide/documents` : `/v1/${parent}/${record}/documents`;
}

function load(parent: DocumentParent, id: string) {
  const path = { id };
  if (parent === 'guide') return api.get('/v1/recordations/{id}/guide/documents', { path });
  if (parent === 'cases') return api.get('/v1/cases/{id}/documents', { path });
  if (parent === 'mandates') return api.get('/v1/mandates/{id}/documents', { path });
  return parent === 'recordations'
    ? api.get('/v1/recordations/{id}/documents', { path })
    : api.get('/v1/pre-confirmations/{id}/documents', { path });
}

function download(parent: DocumentParent, id: string, docId: string) {
  const path = { id, doc_id: docId };
  if (parent === 'guide') return api.blob('/v1/recordations/{id}/guide/documents/{doc_id}', { path });
  if (parent === 'cases') return api.blob('/v1/cases/{id}/documents/{doc_id}', { path });
  if (parent === 'mandates') return api.blob('/v1/mandates/{id}/documents/{doc_id}', { path });
  return parent === 'recordations'
    ? api.blob('/v1/recordations/{id}/documents/{doc_id}', { path })
    : api.blob('/v1/pre-confirmations/{id}/documents/{doc_id}', { path });
}

/** Removes one of a guide's photos (its holder, while the recordation is in force): the one parent whose documents this list removes. */
function removeGuidePhoto(id: string, docId: string) {
  return api.delete('/v1/recordations/{id}/guide/documents/{doc_id}', { path: { id, doc_id: docId } });
}

interface DocumentsProps {
  parent: DocumentParent;
  id: string;
  /** Read again when it changes (an upload). */
  version?: number;
  /** Each document gets a Delete button (confirmed in a dialog): for a guide's holder (parent `guide` only). */
  removable?: boolean;
}

/** The list of a record's documents and a viewer showing the one the user opens. */
export function Documents({ parent, id, version = 0, removable = false }: DocumentsProps) {
  const [docs, setDocs] = useState<Doc[] | null>(null);
  const [shown, setShown] = useState<Doc | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [removing, setRemoving] = useState<Doc | null>(null);
  const [removed, setRemoved] = useState(0);

  useEffect(() => {
    setDocs(null);
    load(parent, id).then((list) => {
      setDocs(list.items);
      setShown(null);
    }, setError);
  }, [parent, id, version, removed]);

  const confirmRemove = async () => {
    const doc = removing;
    if (!doc || parent !== 'guide') return;
    setRemoving(null);
    try {
      await removeGuidePhoto(id, doc.id);
      setRemoved((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };

  useEffect(() => {
    if (!shown) return;
    let objectUrl: string | null = null;
    let live = true;
    setUrl(null);
    download(parent, id, shown.id).then((blob) => {
      if (!live) return;
      objectUrl = URL.createObjectURL(blob);
      setUrl(objectUrl);
    }, setError);
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [shown?.id]);

  if (error) return <ProblemBanner error={error} />;
  if (!docs) return <p class="loading">{t('common.loading')}</p>;
  if (docs.length === 0) return <p class="empty">{t('documents.none')}</p>;
  return (
    <div class="documents">
      <ul class="document-list">
        {docs.map((d) => (
          <li key={d.id} class={d.id === shown?.id ? 'current' : undefined}>
            <button type="button" class="link-button" aria-pressed={d.id === shown?.id} onClick={() => setShown(d)}>
              {d.filename}
            </button>
            <span class="muted">{label('doc_kind', d.kind)} · {formatSize(d.size)} · {d.uploaded_by.full_name}, {formatDateTime(d.uploaded_at)}</span>
            {removable && (
              <button type="button" class="secondary small" aria-label={t('documents.delete_named', { name: d.filename })}
                onClick={() => setRemoving(d)}>{t('documents.delete')}</button>
            )}
          </li>
        ))}
      </ul>
      {shown && (
        <figure class="document-viewer">
          {!url ? <p class="loading">{t('common.loading')}</p>
            : shown.content_type === 'application/pdf'
              ? <iframe src={url} title={t('documents.viewer', { name: shown.filename })} />
              : <img src={url} alt={t('documents.viewer', { name: shown.filename })} />}
          <figcaption>
            {label('doc_kind', shown.kind)}: {shown.filename}
            {url && <> · <a href={url} download={shown.filename}>{t('documents.download')}</a></>}
          </figcaption>
        </figure>
      )}
      {removable && (
        <Modal open={removing !== null} title={t('documents.delete_title')} onClose={() => setRemoving(null)}>
          <p>{t('guide.photo_delete_confirm', { name: removing?.filename ?? '' })}</p>
          <div class="actions">
            <button type="button" class="secondary" onClick={() => setRemoving(null)}>{t('common.cancel')}</button>
            <button type="button" class="danger" onClick={() => void confirmRemove()}>{t('documents.delete')}</button>
          </div>
        </Modal>
      )}
    </div>
  );
}
