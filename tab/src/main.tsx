import { createRoot } from 'react-dom/client';
import { TabApp } from './app/tab-app';
import type { RuntimeConfig } from './api/types';

/**
 * Entry point: asks the service which mode it runs in (Teams SSO or local sign-in), then renders. The
 * runtime settings are public and carry no secret.
 */
const start = async () => {
  const root = createRoot(document.getElementById('root') as HTMLElement);
  const response = await fetch('/tab/runtime.json', { headers: { accept: 'application/json' } }).catch(
    () => null,
  );
  if (!response?.ok) {
    root.render(
      <p role="alert">Members’ Hub could not be reached. Check your connection and reload the tab.</p>,
    );
    return;
  }
  const runtime = (await response.json()) as RuntimeConfig;
  root.render(<TabApp runtime={runtime} />);
};

void start();
