import { app, authentication, dialog, pages } from '@microsoft/teams-js';
import { offerChannelTab, startTeams, submitDialog } from './teams-host';

/**
 * What the tab asks of Teams (Microsoft 365 mode). teams-js talks to the Teams client through postMessage,
 * which jsdom has no Teams for, so the library itself is stood in for: what is checked is which calls the
 * tab makes, in which order, with what.
 */
jest.mock('@microsoft/teams-js', () => ({
  app: {
    initialize: jest.fn(),
    getContext: jest.fn(),
    registerOnThemeChangeHandler: jest.fn(),
  },
  authentication: { getAuthToken: jest.fn() },
  dialog: { url: { submit: jest.fn() } },
  pages: {
    config: { setValidityState: jest.fn(), registerOnSaveHandler: jest.fn(), setConfig: jest.fn() },
  },
}));

const mocked = <T extends (...args: never[]) => unknown>(fn: T) => fn as unknown as jest.Mock;

beforeEach(() => jest.clearAllMocks());

/** Lets the promise chain the save handler started run to its end. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('startTeams', () => {
  it('initialises teams-js before reading the context, and hands over the theme, sub-page and SSO tokens', async () => {
    const order: string[] = [];
    mocked(app.initialize).mockImplementation(() => {
      order.push('initialize');
      return Promise.resolve();
    });
    mocked(app.getContext).mockImplementation(() => {
      order.push('getContext');
      return Promise.resolve({ app: { theme: 'dark' }, page: { subPageId: 'MH-2026-00042' } });
    });
    mocked(authentication.getAuthToken).mockResolvedValue('sso-token');

    const session = await startTeams();
    expect(order).toEqual(['initialize', 'getContext']);
    expect(session).toMatchObject({ theme: 'dark', subPageId: 'MH-2026-00042' });
    await expect(session.tokens.token()).resolves.toBe('sso-token');
    const handler = jest.fn();
    session.onThemeChange(handler);
    expect(app.registerOnThemeChangeHandler).toHaveBeenCalledWith(handler);
  });

  it('says there is no sub-page when Teams gives none', async () => {
    mocked(app.initialize).mockResolvedValue(undefined);
    mocked(app.getContext).mockResolvedValue({ app: { theme: 'default' }, page: {} });
    expect((await startTeams()).subPageId).toBeNull();
  });
});

describe('submitDialog', () => {
  it('closes the File to case dialog, handing the bot the waiting message\u2019s id', () => {
    submitDialog({ messageFiling: 'b1c2' });
    expect(dialog.url.submit).toHaveBeenCalledWith({ messageFiling: 'b1c2' });
  });
});

describe('offerChannelTab', () => {
  it('keeps Save off until a division is chosen', () => {
    offerChannelTab(null);
    expect(pages.config.setValidityState).toHaveBeenCalledWith(false);
    expect(pages.config.registerOnSaveHandler).not.toHaveBeenCalled();
  });

  it('saves a tab opening the chosen division\u2019s ward view, and reports success to Teams', async () => {
    mocked(pages.config.setConfig).mockResolvedValue(undefined);
    offerChannelTab({ wardId: 'ward 1/a', wardName: 'Aldmoor' });
    expect(pages.config.setValidityState).toHaveBeenCalledWith(true);
    const onSave = mocked(pages.config.registerOnSaveHandler).mock.calls[0]?.[0] as (save: unknown) => void;
    const save = { notifySuccess: jest.fn(), notifyFailure: jest.fn() };
    onSave(save);
    await settled();
    const url = `${window.location.origin}/tab/ward/ward%201%2Fa`;
    expect(pages.config.setConfig).toHaveBeenCalledWith({
      entityId: 'ward-ward 1/a',
      contentUrl: url,
      websiteUrl: url,
      suggestedDisplayName: 'Aldmoor casework',
    });
    expect(save.notifySuccess).toHaveBeenCalled();
    expect(save.notifyFailure).not.toHaveBeenCalled();
  });

  it('tells Teams the save failed, with a next step, when the configuration is refused', async () => {
    mocked(pages.config.setConfig).mockRejectedValue(new Error('refused'));
    offerChannelTab({ wardId: 'w2', wardName: 'Brindle' });
    const onSave = mocked(pages.config.registerOnSaveHandler).mock.calls[0]?.[0] as (save: unknown) => void;
    const save = { notifySuccess: jest.fn(), notifyFailure: jest.fn() };
    onSave(save);
    await settled();
    expect(save.notifyFailure).toHaveBeenCalledWith('The tab could not be saved. Try again.');
    expect(save.notifySuccess).not.toHaveBeenCalled();
  });
});
