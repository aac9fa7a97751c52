import {
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle1,
  Tab,
  TabList,
  useId,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApiData } from '../../api/api-context';
import type { AdminSettings } from '../../api/types';
import { useSession } from '../../app/session';
import { PageHeader } from '../../components/page-header';
import { ProblemBar } from '../../components/problem-bar';
import { useAdminPageStyles } from './admin-page.styles';
import { BriefingSettingsPanel } from './briefing-settings-panel';
import { CategoriesPanel } from './categories-panel';
import { DepartmentsPanel } from './departments-panel';
import { PeoplePanel } from './people-panel';
import { SharingPanel } from './sharing-panel';
import { SlaPolicyForm } from './sla-policy-form';
import { WardsPanel } from './wards-panel';

const TABS = [
  { value: 'sla', label: 'SLA policy' },
  { value: 'wards', label: 'Wards' },
  { value: 'departments', label: 'Departments' },
  { value: 'people', label: 'People' },
  { value: 'categories', label: 'Case categories' },
  { value: 'sharing', label: 'Folder sharing' },
  { value: 'briefings', label: 'Briefings' },
] as const;
type TabValue = (typeof TABS)[number]['value'];
const isTabValue = (value: unknown): value is TabValue => TABS.some((t) => t.value === value);

const Settings = () => {
  const styles = useAdminPageStyles();
  const idBase = useId('admin');
  // The open tab is in the address (`?tab=categories`), so a link or a reload opens it again.
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab: TabValue = isTabValue(asked) ? asked : 'sla';
  const setTab = (value: TabValue) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        next.set('tab', value);
        return next;
      },
      { replace: true },
    );
  const settings = useApiData((api) => api.adminSettings(), []);
  // The page's own copy of the directory, read again after every change; the session's copy catches up on
  // the next reload of the tab.
  // People come from the administrators' listing, which carries email addresses, so editing keeps them.
  // Departments come from the administrators' listing too, with their Entra groups.
  const directory = useApiData(async (api) => {
    const [listing, admin, departments] = await Promise.all([
      api.directory(),
      api.adminPeople(),
      api.adminDepartments(),
    ]);
    return { ...listing, people: admin.people, departments: departments.departments };
  }, []);
  // The settings as last saved here, so the form starts from them when its tab is opened again.
  const [saved, setSaved] = useState<AdminSettings | null>(null);
  const current = saved ?? settings.data;

  const failed = settings.error ?? directory.error;
  if (failed)
    return (
      <ProblemBar
        error={failed}
        onRetry={() => {
          if (settings.error) settings.reload();
          if (directory.error) directory.reload();
        }}
      />
    );
  if (!current || !directory.data) return <Spinner label="Loading the council’s settings…" />;

  // Wards and departments are the council's own, kept here in both modes; people only in local mode.
  const editable = current.directoryEditable;
  const entra = current.peopleFrom === 'entra';
  const tabId = (value: TabValue) => `${idBase}-tab-${value}`;
  return (
    <>
      <TabList
        className={styles.tabs}
        selectedValue={tab}
        onTabSelect={(_e, data) => {
          if (isTabValue(data.value)) setTab(data.value);
        }}
        aria-label="Settings"
      >
        {TABS.map((t) => (
          <Tab key={t.value} value={t.value} id={tabId(t.value)} aria-controls={`${idBase}-panel`}>
            {t.label}
          </Tab>
        ))}
      </TabList>
      <div role="tabpanel" id={`${idBase}-panel`} aria-labelledby={tabId(tab)} className={styles.panel}>
        {tab === 'sla' && (
          <>
            <Subtitle1 as="h2">SLA policy</Subtitle1>
            <SlaPolicyForm settings={current} onSaved={setSaved} />
          </>
        )}
        {tab === 'wards' && <WardsPanel wards={directory.data.wards} editable onChanged={directory.reload} />}
        {tab === 'departments' && (
          <DepartmentsPanel
            departments={directory.data.departments}
            editable
            groups={entra}
            onChanged={directory.reload}
          />
        )}
        {tab === 'people' && (
          <PeoplePanel
            directory={directory.data}
            editable={editable}
            entra={entra}
            onChanged={directory.reload}
          />
        )}
        {tab === 'categories' && <CategoriesTab />}
        {tab === 'sharing' && <SharingPanel />}
        {tab === 'briefings' && (
          <>
            <Subtitle1 as="h2">Briefings</Subtitle1>
            <BriefingSettingsPanel />
          </>
        )}
      </div>
    </>
  );
};

/**
 * The case categories from the administrators' listing (retired ones too, with their counts of cases), read
 * when the tab opens and again after every change.
 */
const CategoriesTab = () => {
  const listing = useApiData((api) => api.adminCategories(), []);
  if (listing.error) return <ProblemBar error={listing.error} onRetry={listing.reload} />;
  if (!listing.data) return <Spinner label="Loading the case categories…" />;
  return <CategoriesPanel categories={listing.data.categories} onChanged={listing.reload} />;
};

/**
 * The council's settings: SLA targets, the directory of wards, departments and people, and how members' folders
 * are shared. Administrators only.
 */
const AdminPage = () => {
  const { is } = useSession();
  return (
    <>
      <PageHeader title="Council settings" />
      {is('Administrator') ? (
        <Settings />
      ) : (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Only administrators can change the council’s settings</MessageBarTitle> If
            something here needs changing, ask Democratic Services.
          </MessageBarBody>
        </MessageBar>
      )}
    </>
  );
};

export default AdminPage;
