import { parseCommand, searchWords } from '../src/bot/commands';

describe('reading what a member typed', () => {
  it.each([
    ['help', { kind: 'help' }],
    ['  Help! ', { kind: 'help' }],
    ['', { kind: 'help' }],
    ['hello', { kind: 'greeting' }],
    ['Good morning', { kind: 'greeting' }],
    ['thanks', { kind: 'thanks' }],
    ['my cases', { kind: 'my-cases', page: 1 }],
    ['My Cases 3', { kind: 'my-cases', page: 3 }],
    ['my cases page 2', { kind: 'my-cases', page: 2 }],
    ['my cases 0', { kind: 'my-cases', page: 1 }],
    ['status MH-2026-00042', { kind: 'status', ref: 'MH-2026-00042' }],
    ['status mh-2026-42', { kind: 'status', ref: 'MH-2026-00042' }],
    ['status', { kind: 'status-usage' }],
    ['any news on MH-2026-00007?', { kind: 'status', ref: 'MH-2026-00007' }],
    ['new case', { kind: 'new-case' }],
    ['New enquiry', { kind: 'new-case' }],
    [
      'follow up MH-2026-00042 When will it be fixed?',
      { kind: 'follow-up', ref: 'MH-2026-00042', text: 'When will it be fixed?' },
    ],
    [
      'Follow-up mh-2026-00042: still flooding',
      { kind: 'follow-up', ref: 'MH-2026-00042', text: 'still flooding' },
    ],
    ['follow up MH-2026-00042', { kind: 'follow-up-usage' }],
    ['follow up please', { kind: 'follow-up-usage' }],
    ['what\u2019s happening with the Elm Road drain?', { kind: 'search', words: ['elm', 'road', 'drain'] }],
    ['status elm road', { kind: 'search', words: ['elm', 'road'] }],
    ['--- ...', { kind: 'unknown' }],
    ['what is happening?', { kind: 'unknown' }],
  ])('reads %j', (text, command) => {
    expect(parseCommand(text)).toEqual(command);
  });

  it('keeps only letters and digits for the search, so nothing reaches the search syntax', () => {
    expect(searchWords('"Elm" -Road OR <script> drain\'s 12B')).toEqual([
      'elm',
      'road',
      'script',
      'drain',
      '12b',
    ]);
  });

  it('searches for at most eight words', () => {
    expect(searchWords('one two three four five six seven eight nine ten')).toHaveLength(8);
  });
});
