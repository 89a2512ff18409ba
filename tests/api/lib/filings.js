// Request bodies of recordations for tests: a filing complete enough to be submitted and
// approved, with a right that expires in 20 years.
import { today, shiftYears } from './dates.js';

/** A complete trademark filing; `overrides` replaces fields. */
export function completeFiling(overrides = {}) {
  return {
    ipr_type: 'trademark',
    title: 'ACME (word mark)',
    registration_number: '12345678',
    registration_authority: 'CNIPA',
    right_expires_on: shiftYears(today(), 20),
    classes: [9, 25],
    goods_scope: 'Mobile phones; clothing, footwear, headgear',
    hs_codes: ['851713', '6109'],
    licensing_status: 'licensed_non_exclusive',
    description: 'The ACME word mark.',
    genuine_manufacturers: [{ name: 'Acme Manufacturing (Dongguan) Ltd.', country: 'CN', address: '1 Industrial Road' }],
    main_ports: ['CNSHA'],
    known_infringers: [{ name: 'Fake Acme Trading' }],
    ...overrides,
  };
}
