// Repeated groups of fields in one form (the goods lines of a shipment, the exchange rates of a
// case), keyed by the API's paths ("goods[2].hs_code") so that a 422 lands on the right line:
// how many there are, adding one (its first field focused) and removing one (those after it
// move up a place).
import { useState } from 'preact/hooks';
import type { FormApi, Validator } from './form';
import { fieldId } from './form';

/** The validators of every field of up to max lines (a line not in the form is never checked). */
export function lineValidators(prefix: string, checks: Record<string, Validator>, max: number): Record<string, Validator> {
  const out: Record<string, Validator> = {};
  for (let i = 0; i < max; i++) for (const [f, check] of Object.entries(checks)) out[`${prefix}[${i}].${f}`] = check;
  return out;
}

/** The values of line i of `prefix` with these fields' defaults ({ currency: 'USD' }, else ''). */
export function emptyLine(prefix: string, fields: readonly string[], i: number, defaults: Record<string, string> = {}) {
  return Object.fromEntries(fields.map((f) => [`${prefix}[${i}].${f}`, defaults[f] ?? '']));
}

/** The lines of one group: how many, and adding or removing one. */
export interface Lines {
  count: number;
  add: () => void;
  remove: (i: number) => void;
}

export function useLines(form: FormApi, prefix: string, fields: readonly string[], initial: number, defaults: Record<string, string> = {}): Lines {
  const [count, setCount] = useState(initial);
  const add = () => {
    form.setAll({ ...form.values, ...emptyLine(prefix, fields, count, defaults) });
    setCount(count + 1);
    setTimeout(() => document.getElementById(fieldId(`${prefix}[${count}].${fields[0]}`))?.focus(), 0);
  };
  const remove = (gone: number) => {
    const next: Record<string, string> = {};
    const re = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\[(\\d+)\\]\\.(.+)$`);
    for (const [k, v] of Object.entries(form.values)) {
      const m = re.exec(k);
      if (!m) next[k] = v;
      else if (Number(m[1]) !== gone) next[`${prefix}[${Number(m[1]) > gone ? Number(m[1]) - 1 : m[1]}].${m[2]}`] = v;
    }
    form.setAll(next);
    setCount(count - 1);
  };
  return { count, add, remove };
}
