// What went wrong with a call, in words: the problem's message for its status from the
// catalogue, the server's detail, and the field errors no field of the form took.
import { ApiError, type FieldError } from '../api/client';
import { isMessageKey, t } from '../i18n';

export function ProblemBanner({ error, unmapped = [] }: { error: unknown; unmapped?: FieldError[] }) {
  if (!error) return null;
  const status = error instanceof ApiError ? error.status : 0;
  const key = `problem.${status}`;
  const detail = error instanceof ApiError ? error.problem.detail : '';
  return (
    <div class="banner banner-error" role="alert">
      <p class="banner-title">{isMessageKey(key) ? t(key) : t('problem.other', { status })}</p>
      {detail && <p>{detail}</p>}
      {unmapped.length > 0 && (
        <ul>{unmapped.map((e) => <li key={e.field}><code>{e.field}</code>: {e.message}</li>)}</ul>
      )}
    </div>
  );
}
