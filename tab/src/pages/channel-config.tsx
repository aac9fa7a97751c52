import { Body1, Dropdown, Field, Option } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useHost } from '../app/host-provider';
import { useSession } from '../app/session';
import { PageHeader } from '../components/page-header';
import { RouterLink } from '../components/router-link';

/** Setting up the channel tab: the team owner picks the electoral division the tab shows. */
export const ChannelConfigPage = () => {
  const host = useHost();
  const { directory } = useSession();
  const [wardId, setWardId] = useState('');
  const ward = directory.wards.find((w) => w.id === wardId);

  useEffect(() => {
    if (!host.inTeams) return;
    void import('../app/teams-host').then(({ offerChannelTab }) =>
      offerChannelTab(ward ? { wardId: ward.id, wardName: ward.name } : null),
    );
  }, [host.inTeams, ward]);

  return (
    <>
      <PageHeader title="Set up the division tab" />
      <Body1 as="p">
        Choose the electoral division this team looks after. The tab will show its casework.
      </Body1>
      <Field label="Electoral division" required>
        <Dropdown
          placeholder="Choose a division"
          value={ward?.name ?? ''}
          selectedOptions={wardId ? [wardId] : []}
          onOptionSelect={(_e, d) => setWardId(d.optionValue ?? '')}
        >
          {directory.wards.map((w) => (
            <Option key={w.id} value={w.id}>
              {w.name}
            </Option>
          ))}
        </Dropdown>
      </Field>
      {!host.inTeams && ward && (
        <Body1 as="p">
          Outside Teams there is nothing to save:{' '}
          <RouterLink to={`/ward/${ward.id}`}>open the {ward.name} view</RouterLink>.
        </Body1>
      )}
    </>
  );
};
