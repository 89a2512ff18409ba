// A labelled form control with an optional hint and its error, wired for screen readers
// (aria-describedby, aria-invalid). Takes its value and handlers from useForm's field().
import type { ComponentChildren } from 'preact';
import { fieldId, type FormApi } from './form';

interface FieldProps {
  form: FormApi;
  name: string;
  label: string;
  hint?: string;
  type?: string;
  as?: 'input' | 'select' | 'textarea';
  required?: boolean;
  autoComplete?: string;
  /** <option>s for as="select". */
  children?: ComponentChildren;
}

export function Field({ form, name, label, hint, type = 'text', as = 'input', required, autoComplete, children }: FieldProps) {
  const f = form.field(name);
  const id = fieldId(name);
  const described = [hint && `${id}-hint`, f.error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name,
    value: f.value,
    required,
    'aria-invalid': f.error ? true : undefined,
    'aria-describedby': described,
    onInput: (e: Event) => f.onInput((e.currentTarget as HTMLInputElement).value),
    onBlur: f.onBlur,
  };
  return (
    <div class={f.error ? 'field field-invalid' : 'field'}>
      <label for={id}>{label}{required && <span class="required" aria-hidden="true"> *</span>}</label>
      {hint && <p id={`${id}-hint`} class="field-hint">{hint}</p>}
      {as === 'select' ? <select {...common} onChange={common.onInput}>{children}</select>
        : as === 'textarea' ? <textarea {...common} rows={4} />
        : <input {...common} type={type} autoComplete={autoComplete} />}
      {f.error && <p id={`${id}-error`} class="field-error">{f.error}</p>}
    </div>
  );
}
