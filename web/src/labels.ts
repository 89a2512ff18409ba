// The values of the API's enums that screens offer as choices, and their words: the catalogue's
// `<group>.<value>` (ipr_type.trademark), or the value itself for one the catalogue lacks.
import type { Schemas } from './api/client';
import { isMessageKey, t } from './i18n';

export const IPR_TYPES: Schemas['IprType'][] = ['trademark', 'copyright', 'patent', 'olympic_symbol', 'world_expo_symbol'];
export const RECORDATION_STATUSES: Schemas['RecordationStatus'][] = [
  'submitted', 'information_requested', 'approved', 'rejected', 'draft', 'withdrawn', 'revoked', 'cancelled', 'expired',
];
export const PRE_CONFIRMATION_STATUSES: Schemas['PreConfirmationStatus'][] = ['submitted', 'confirmed', 'rejected', 'withdrawn', 'expired'];
export const CASE_STATUSES: Schemas['CaseStatus'][] = [
  'notified', 'detained', 'confirmed_infringing', 'not_confirmed', 'not_infringing', 'unanswered',
];
export const CASE_DOCUMENT_KINDS: Schemas['CaseDocumentKind'][] = ['goods_photo', 'packaging_photo', 'transport_document', 'other'];
export const AUTHORIZED_ROLES: Schemas['AuthorizedRole'][] = [
  'importer', 'exporter', 'consignee', 'consignor', 'licensee', 'manufacturer', 'distributor',
];

export type LabelGroup = 'ipr_type' | 'licensing' | 'auth_role' | 'doc_kind' | 'direction' | 'history' | 'goods_status' | 'stats';

export function label(group: LabelGroup, value: string): string {
  const key = `${group}.${value}`;
  return isMessageKey(key) ? t(key) : value;
}
