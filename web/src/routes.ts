// Every screen of the console: one line each. `path` may have :params (passed to the screen
// as props.params); `access` says who may open it; `nav` (a catalogue key) puts it in the
// navigation of the roles that may open it; `home` marks each role's landing page (where "/"
// and a fresh login go). The first matching line wins.
import type { ComponentType } from 'preact';
import type { MessageKey } from './i18n';
import type { Role } from './session';
import { ChangePassword } from './screens/ChangePassword';
import { AuthorizationCheck } from './screens/AuthorizationCheck';
import { Login } from './screens/Login';
import { PublicRegister } from './screens/PublicRegister';
import { Register } from './screens/Register';
import { Calendar } from './screens/admin/Calendar';
import { AdminHome } from './screens/admin/Home';
import { Officers } from './screens/admin/Officers';
import { Offices } from './screens/admin/Offices';
import { Users } from './screens/admin/Users';
import { HqHome } from './screens/hq/Home';
import { HqRecordation } from './screens/hq/Recordation';
import { ImporterHome } from './screens/importer/Home';
import { PortHome } from './screens/port/Home';
import { PortPreConfirmation } from './screens/port/PreConfirmation';
import { RightsHolderHome } from './screens/rights-holder/Home';
import { FileRecordation } from './screens/rights-holder/FileRecordation';
import { RecordationDetail } from './screens/rights-holder/RecordationDetail';
import { Recordations } from './screens/rights-holder/Recordations';
import { AuthorizedUsers } from './screens/rights-holder/AuthorizedUsers';
import { HolderPreConfirmations } from './screens/rights-holder/PreConfirmations';
import { FilePreConfirmation } from './screens/importer/FilePreConfirmation';
import { AgentHome } from './screens/agent/Home';
import { AgentMandates } from './screens/agent/Mandates';
import { Agents } from './screens/admin/Agents';
import { HolderMandates } from './screens/rights-holder/Mandates';
import { PreConfirmationView } from './screens/PreConfirmationView';
import { BorderCheck } from './screens/BorderCheck';
import { GuideView } from './screens/GuideView';
import { WatchList } from './screens/WatchList';
import { GuideEditor } from './screens/rights-holder/GuideEditor';
import { HolderAlerts } from './screens/rights-holder/Alerts';
import { CaseQueue } from './screens/cases/CaseQueue';
import { CaseStatistics } from './screens/cases/CaseStatistics';
import { CaseView } from './screens/cases/CaseView';
import { OpenCase } from './screens/cases/OpenCase';
import { CaseAnswer } from './screens/rights-holder/CaseAnswer';
import { HolderCases } from './screens/rights-holder/Cases';
import { Webhooks } from './screens/Webhooks';

export interface ScreenProps {
  params: Record<string, string>;
}

export interface RouteDef {
  path: string;
  screen: ComponentType<ScreenProps>;
  /** 'anyone': logged in or not; 'user': any user logged in; else the roles that may open it. */
  access: 'anyone' | 'user' | Role[];
  nav?: MessageKey;
  home?: boolean;
}

export const routes: RouteDef[] = [
  { path: '/login', screen: Login, access: 'anyone' },
  { path: '/register', screen: Register, access: 'anyone' },
  { path: '/account/password', screen: ChangePassword, access: 'user' },

  { path: '/holder', screen: RightsHolderHome, access: ['rights_holder'], nav: 'nav.home', home: true },
  // An agent works on its clients' filings in the holder's own screens (the client switcher names
  // the client: client.ts).
  { path: '/holder/recordations', screen: Recordations, access: ['rights_holder', 'agent'], nav: 'nav.recordations' },
  { path: '/holder/recordations/new', screen: FileRecordation, access: ['rights_holder', 'agent'] },
  { path: '/holder/recordations/:id/edit', screen: FileRecordation, access: ['rights_holder', 'agent'] },
  { path: '/holder/recordations/:id', screen: RecordationDetail, access: ['rights_holder', 'agent'] },
  { path: '/holder/mandates', screen: HolderMandates, access: ['rights_holder'], nav: 'nav.mandates' },
  { path: '/agent', screen: AgentHome, access: ['agent'], nav: 'nav.desk', home: true },
  { path: '/agent/mandates', screen: AgentMandates, access: ['agent'], nav: 'nav.mandates' },
  { path: '/admin/agents', screen: Agents, access: ['admin'], nav: 'nav.agents' },
  { path: '/importer', screen: ImporterHome, access: ['importer'], nav: 'nav.home', home: true },
  { path: '/hq', screen: HqHome, access: ['hq_officer'], nav: 'nav.home', home: true },
  { path: '/port', screen: PortHome, access: ['port_officer'], nav: 'nav.home', home: true },
  { path: '/admin', screen: AdminHome, access: ['admin'], nav: 'nav.home', home: true },
  { path: '/admin/offices', screen: Offices, access: ['admin'], nav: 'nav.offices' },
  { path: '/admin/officers', screen: Officers, access: ['admin'], nav: 'nav.officers' },
  { path: '/admin/users', screen: Users, access: ['admin'], nav: 'nav.users' },
  { path: '/admin/calendar', screen: Calendar, access: ['admin'], nav: 'nav.calendar' },

  { path: '/hq/recordations/:id', screen: HqRecordation, access: ['hq_officer'] },
  { path: '/port/pre-confirmations/:id', screen: PortPreConfirmation, access: ['port_officer'] },
  { path: '/border-check', screen: BorderCheck, access: ['port_officer', 'hq_officer'], nav: 'nav.border_check' },
  { path: '/guides/:id', screen: GuideView, access: ['port_officer', 'hq_officer'] },
  { path: '/watch-list', screen: WatchList, access: ['port_officer', 'hq_officer'], nav: 'nav.watch_list' },
  { path: '/holder/recordations/:id/guide', screen: GuideEditor, access: ['rights_holder'] },
  { path: '/holder/alerts', screen: HolderAlerts, access: ['rights_holder'], nav: 'nav.alerts' },
  { path: '/authorization-check', screen: AuthorizationCheck, access: ['port_officer', 'hq_officer'], nav: 'nav.authorization_check' },
  { path: '/public-register', screen: PublicRegister, access: 'anyone', nav: 'nav.public_register' },
  { path: '/holder/recordations/:id/authorized-users', screen: AuthorizedUsers, access: ['rights_holder'] },
  { path: '/holder/pre-confirmations', screen: HolderPreConfirmations, access: ['rights_holder'], nav: 'nav.pre_confirmations' },
  { path: '/importer/pre-confirmations/new', screen: FilePreConfirmation, access: ['importer'], nav: 'nav.file_pre_confirmation' },
  { path: '/pre-confirmations/:id', screen: PreConfirmationView, access: ['importer', 'rights_holder'] },
  { path: '/cases', screen: CaseQueue, access: ['port_officer', 'hq_officer'], nav: 'nav.cases' },
  { path: '/cases/new', screen: OpenCase, access: ['port_officer'] },
  { path: '/cases/:id', screen: CaseView, access: ['port_officer', 'hq_officer'] },
  // An agent answers its clients' cases in the holder's screens, as far as its mandates allow.
  { path: '/holder/cases', screen: HolderCases, access: ['rights_holder', 'agent'], nav: 'nav.cases' },
  { path: '/holder/cases/:id', screen: CaseAnswer, access: ['rights_holder', 'agent'] },
  { path: '/case-statistics', screen: CaseStatistics, access: ['hq_officer', 'admin'], nav: 'nav.case_statistics' },
  { path: '/webhooks', screen: Webhooks, access: ['rights_holder', 'importer', 'agent'], nav: 'nav.webhooks' },
];

/** Whether a user of this role (null: not logged in) may open the route. */
export function allowed(route: RouteDef, role: Role | null): boolean {
  if (route.access === 'anyone') return true;
  if (!role) return false;
  return route.access === 'user' || route.access.includes(role);
}

/** The landing page of a role. */
export function homeOf(role: Role): string {
  return routes.find((r) => r.home && allowed(r, role))?.path ?? '/account/password';
}
