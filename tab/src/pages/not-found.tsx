import { Body1 } from '@fluentui/react-components';
import { PageHeader } from '../components/page-header';
import { RouterLink } from '../components/router-link';

export const NotFoundPage = () => (
  <>
    <PageHeader title="Page not found" />
    <Body1 as="p">
      There is no page at this address. <RouterLink to="/">Go to your start page</RouterLink>.
    </Body1>
  </>
);
