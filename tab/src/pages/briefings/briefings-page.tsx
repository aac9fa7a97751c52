import { MessageBar, MessageBarBody, MessageBarTitle, Tab, TabList, useId } from '@fluentui/react-components';
import { useState } from 'react';
import { useSession } from '../../app/session';
import { PageHeader } from '../../components/page-header';
import { DecisionsPanel } from './decisions-panel';
import { DeliveryPanel } from './delivery-panel';
import { DraftsPanel } from './drafts-panel';
import { ImportPanel } from './import-panel';
import { useBriefingStyles } from './briefings.styles';

const TABS = [
  { value: 'drafts', label: 'Drafts and history' },
  { value: 'decisions', label: 'Decisions register' },
  { value: 'import', label: 'Import decisions' },
  { value: 'delivery', label: 'Delivery report' },
] as const;
type TabValue = (typeof TABS)[number]['value'];
const isTabValue = (v: unknown): v is TabValue => TABS.some((t) => t.value === v);

/**
 * Monthly briefings for support officers (and administrators): drafts to preview and approve, the decisions
 * register and its imports, and the report of what was posted where.
 */
const BriefingsPage = () => {
  const styles = useBriefingStyles();
  const { is } = useSession();
  const idBase = useId('briefings');
  const [tab, setTab] = useState<TabValue>('drafts');
  // Bumped after an import, so the register shows what came in.
  const [generation, setGeneration] = useState(0);
  if (!is('SupportOfficer') && !is('Administrator'))
    return (
      <>
        <PageHeader title="Briefings" />
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Briefings are prepared by Democratic Services</MessageBarTitle> Your division’s
            briefing is posted in its Teams channel each month; ask the bot “briefing” for the latest.
          </MessageBarBody>
        </MessageBar>
      </>
    );
  const tabId = (v: TabValue) => `${idBase}-tab-${v}`;
  return (
    <>
      <PageHeader title="Briefings" />
      <TabList
        className={styles.tabs}
        selectedValue={tab}
        onTabSelect={(_e, d) => {
          if (isTabValue(d.value)) setTab(d.value);
        }}
        aria-label="Briefings"
      >
        {TABS.map((t) => (
          <Tab key={t.value} value={t.value} id={tabId(t.value)} aria-controls={`${idBase}-panel`}>
            {t.label}
          </Tab>
        ))}
      </TabList>
      <div role="tabpanel" id={`${idBase}-panel`} aria-labelledby={tabId(tab)}>
        {tab === 'drafts' && <DraftsPanel />}
        {tab === 'decisions' && <DecisionsPanel generation={generation} />}
        {tab === 'import' && <ImportPanel onImported={() => setGeneration((g) => g + 1)} />}
        {tab === 'delivery' && <DeliveryPanel />}
      </div>
    </>
  );
};

export default BriefingsPage;
