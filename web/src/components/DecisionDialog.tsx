// The dialog in which an officer decides a record: one of the outcomes (radio buttons when
// there are several), with a reason where the outcome requires one and an amount where it
// takes one (a fine). A 409 (the record left the
// state that allowed this: another officer decided first) or a 412 (it changed meanwhile) is
// said plainly with the record's current status; the screen reloads the record behind.
import { ApiError } from '../api/client';
import { t } from '../i18n';
import { Field } from './Field';
import { useForm, useSubmit } from './form';
import { Modal } from './Modal';
import { ProblemBanner } from './ProblemBanner';
import { StatusBadge } from './StatusBadge';

export interface Outcome {
  value: string;
  label: string;
  /** The label of the reason's text box for this outcome; reasonRequired says if it must be filled. */
  reasonLabel: string;
  reasonRequired: boolean;
  /** An amount that comes with this outcome (a fine): the API's field name, its label and hint. */
  amount?: { name: string; label: string; hint?: string };
}

interface DecisionDialogProps {
  open: boolean;
  title: string;
  outcomes: Outcome[];
  submitLabel: string;
  /** Records the decision (with the outcome's amount, if it has one and it was given); resolves when done (the dialog then closes). */
  onDecide: (outcome: string, reason: string, amount?: number) => Promise<void>;
  /** Called after a 409/412, to reload the record (its status is shown in the dialog). */
  onStale: () => void;
  onClose: () => void;
}

export function DecisionDialog(props: DecisionDialogProps) {
  return (
    <Modal open={props.open} title={props.title} onClose={props.onClose}>
      {props.open && <DecisionForm {...props} />}
    </Modal>
  );
}

function DecisionForm({ outcomes, submitLabel, onDecide, onStale, onClose }: DecisionDialogProps) {
  const find = (value: string) => outcomes.find((o) => o.value === value) ?? outcomes[0];
  const amounts = outcomes.flatMap((o) => (o.amount ? [o.amount.name] : []));
  const form = useForm({ outcome: outcomes[0].value, reason: '', ...Object.fromEntries(amounts.map((n) => [n, ''])) }, {
    reason: (v, values) => (find(values.outcome).reasonRequired && !v.trim() ? 'validation.required' : null),
    ...Object.fromEntries(amounts.map((n) => [n, (v: string) => (!v.trim() || /^\d+(\.\d{1,2})?$/.test(v.trim()) ? null : 'validation.amount')])),
  });
  const { busy, error, unmapped, onSubmit } = useSubmit(form, async () => {
    const amount = find(form.values.outcome).amount;
    const given = amount ? form.values[amount.name].trim() : '';
    try {
      await onDecide(form.values.outcome, form.values.reason.trim(), given ? Number(given) : undefined);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 409 || e.status === 412)) onStale();
      throw e;
    }
    onClose();
  });
  const chosen = find(form.values.outcome);
  const stale = error instanceof ApiError && (error.status === 409 || error.status === 412) ? error : null;

  return (
    <form onSubmit={onSubmit} noValidate class="decision-form">
      {stale ? (
        <div class="banner banner-error" role="alert">
          <p class="banner-title">{t('decision.stale_title')}</p>
          {stale.problem.current_status
            ? <p>{t('decision.stale_now')} <StatusBadge status={stale.problem.current_status} /></p>
            : <p>{t('decision.stale_reload')}</p>}
        </div>
      ) : <ProblemBanner error={error} unmapped={unmapped} />}
      {outcomes.length > 1 && (
        <fieldset class="choices">
          <legend>{t('decision.outcome')}</legend>
          {outcomes.map((o) => (
            <label key={o.value} class="choice">
              <input type="radio" name="outcome" value={o.value} checked={form.values.outcome === o.value}
                onChange={() => form.set('outcome', o.value)} />
              {o.label}
            </label>
          ))}
        </fieldset>
      )}
      {chosen.amount && <Field form={form} name={chosen.amount.name} label={chosen.amount.label} hint={chosen.amount.hint} />}
      <Field form={form} name="reason" as="textarea" label={chosen.reasonLabel} required={chosen.reasonRequired} />
      <div class="actions">
        <button type="submit" disabled={busy || !!stale}>{busy ? t('common.working') : submitLabel}</button>
        <button type="button" class="secondary" onClick={onClose}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
