// Form state shared by every screen: values keyed by the API's field path ("organization.name",
// "entries[3].registration_number"), validation as the user types, and the mapping of a 422
// problem's errors[].field onto the fields of the same name.
import { useRef, useState } from 'preact/hooks';
import { ApiError, type FieldError } from '../api/client';
import { t, type MessageKey } from '../i18n';

/** A check of one field: null when valid, else the catalogue key of the message. */
export type Validator = (value: string, values: Record<string, string>) => MessageKey | null;

export interface FormApi {
  values: Record<string, string>;
  /** What to show under each field: a translated client message or the server's. */
  errors: Record<string, string>;
  set(name: string, value: string): void;
  /** Replaces every value (a form whose fields come and go, e.g. goods lines); clears the errors. */
  setAll(values: Record<string, string>): void;
  /** Props for <Field>: value, error, handlers. */
  field(name: string): { name: string; value: string; error?: string; onInput: (v: string) => void; onBlur: () => void };
  /** Checks every field and shows every error; true when all are valid (focuses the first bad one). */
  validate(): boolean;
  /** Shows a 422's field errors on the fields; returns those that name no field of the form. */
  applyProblem(error: unknown): FieldError[];
  /** The values as the nested JSON body the API wants ({"organization": {"name": ...}}). */
  body(): Record<string, unknown>;
}

export const required: Validator = (v) => (v.trim() ? null : 'validation.required');
export const email: Validator = (v) => (!v || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? null : 'validation.email');
export const minLength = (n: number, key: MessageKey): Validator => (v) => (!v || [...v].length >= n ? null : key);
/** Runs checks in order and answers the first failure. */
export const all = (...checks: Validator[]): Validator => (v, values) => {
  for (const c of checks) {
    const r = c(v, values);
    if (r) return r;
  }
  return null;
};

/** Sets obj at a path like "a.b", "entries[3].name". */
function assign(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let node: Record<string, unknown> = obj;
  keys.forEach((k, i) => {
    if (i === keys.length - 1) node[k] = value;
    else node = (node[k] ??= /^\d+$/.test(keys[i + 1]) ? [] : {}) as Record<string, unknown>;
  });
}

/** The id of a field's input (for <label for> and focusing). */
export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export function useForm(initial: Record<string, string>, validators: Record<string, Validator> = {}): FormApi {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const touched = useRef(new Set<string>());

  const check = (name: string, vals: Record<string, string>) => {
    const key = validators[name]?.(vals[name] ?? '', vals);
    return key ? t(key) : undefined;
  };
  const show = (name: string, vals: Record<string, string>) =>
    setErrors((e) => {
      const next = { ...e };
      const msg = check(name, vals);
      if (msg) next[name] = msg;
      else delete next[name];
      return next;
    });
  const focusFirst = (names: string[]) => {
    const first = Object.keys(values).find((n) => names.includes(n));
    if (first) setTimeout(() => document.getElementById(fieldId(first))?.focus(), 0);
  };

  return {
    values,
    errors,
    set(name, value) {
      const next = { ...values, [name]: value };
      setValues(next);
      if (touched.current.has(name)) show(name, next);
    },
    setAll(next) {
      setValues(next);
      setErrors({});
    },
    field(name) {
      return {
        name,
        value: values[name] ?? '',
        error: errors[name],
        onInput: (v: string) => this.set(name, v),
        onBlur: () => {
          touched.current.add(name);
          show(name, values);
        },
      };
    },
    validate() {
      const found: Record<string, string> = {};
      for (const name of Object.keys(values)) {
        touched.current.add(name);
        const msg = check(name, values);
        if (msg) found[name] = msg;
      }
      setErrors(found);
      focusFirst(Object.keys(found));
      return Object.keys(found).length === 0;
    },
    applyProblem(error) {
      if (!(error instanceof ApiError)) return [];
      const shown: Record<string, string> = {};
      const rest: FieldError[] = [];
      for (const e of error.fieldErrors) {
        if (e.field in values) shown[e.field] ??= e.message;
        else rest.push(e);
      }
      setErrors(shown);
      Object.keys(shown).forEach((n) => touched.current.add(n));
      focusFirst(Object.keys(shown));
      return rest;
    },
    body() {
      const out: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(values)) if (value !== '') assign(out, name, value);
      return out;
    },
  };
}

/**
 * A form's submit handler: validates, then runs action(); on failure the error goes to a
 * <ProblemBanner error={error} unmapped={unmapped} /> and a 422's field errors onto the fields.
 * While it runs, busy is true (disable the button).
 */
export function useSubmit(form: FormApi, action: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unmapped, setUnmapped] = useState<FieldError[]>([]);
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    if (busy || !form.validate()) return;
    setBusy(true);
    setError(null);
    setUnmapped([]);
    try {
      await action();
    } catch (err) {
      setError(err);
      setUnmapped(form.applyProblem(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, unmapped, onSubmit };
}
