import { IllegalTransitionError, type DomainError } from '../domain/errors';

/**
 * What the bot says. Sentences are fixed text: user input appears only as a case reference or as search
 * words reduced to letters and digits, so nothing a person types can become Markdown in a reply.
 */
export const REPLIES = {
  notSetUp:
    'Sorry, you are not set up in Members\u2019 Hub yet, so I cannot show you any casework. Ask Democratic Services to add you.',
  notSetUpEntra:
    'Sorry, you are not set up in Members\u2019 Hub yet, so I cannot show you any casework. If you have just been given a role in it, open the Members\u2019 Hub tab once or try again in ten minutes; otherwise ask your IT team for one.',
  personalOnly:
    'I talk about casework only in a personal chat, so that case details stay private. Open a chat with Members\u2019 Hub and ask me there.',
  statusUsage: 'Tell me the case reference, for example: status MH-2026-00042',
  followUpUsage:
    'To follow up, say follow up, the case reference and your question, for example: follow up MH-2026-00042 Has the contractor been booked?',
  unknown:
    'Sorry, I did not follow that. Say help to see what I can do, or ask about a case in your own words.',
  noOpenCases: 'You have no open cases. Say new case to raise one.',
  nothingFiled: 'Nothing was filed. Use File to case on the message again when you are ready.',
  councillorsOnly:
    'Raising a case in chat is for councillors. Officers raise cases for members and MPs in the Members\u2019 Hub tab.',
  unknownButton: 'That button no longer works. Say help to see what I can do.',
  notAMessage: 'File to case works on a message: choose it from the message\u2019s More actions menu.',
  nothingToFile: 'You have no open cases to file this message into.',
  followUpSent: 'Your follow-up question has gone to the department.',
  thanks: 'You are welcome. Say help whenever you need me.',
} as const;

/** The answer for a case that does not exist and for one the person may not see: the same words for both. */
export const notFound = (ref: string): string =>
  `I cannot find a case with the reference ${ref} among the cases you can see. Check the reference, or say my cases to list yours.`;

export const noMatch = (words: readonly string[]): string =>
  `I could not find a case of yours about \u201c${words.join(' ')}\u201d. Say my cases to see them all.`;

export const pastTheEnd = (total: number): string =>
  `That is the end of the list: you have ${total} open case${total === 1 ? '' : 's'}. Say my cases to start again.`;

/** The one sentence a person sees when a turn fails for a reason of ours; `id` is on the matching log line. */
export const failure = (id: string): string =>
  `Sorry, something went wrong on our side. Please try again; if it keeps happening, tell Democratic Services the reference ${id}.`;

/** A refusal or rule from the domain, in words. Domain messages are written to be shown (no personal data). */
export const sentenceFor = (error: DomainError): string => {
  if (error instanceof IllegalTransitionError) {
    if (error.action === 'follow-up')
      return 'You can follow up once the department has responded, within the follow-up window.';
    return `That cannot be done while the case is ${error.from.replace(/-/g, ' ')}.`;
  }
  return error.message;
};
