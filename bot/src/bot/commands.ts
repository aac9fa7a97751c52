/**
 * What a member typed, as a command. Parsing is forgiving about case, spacing and trailing punctuation, and
 * anything that is not a command but has words in it becomes a search over the member's cases.
 */
export type Command =
  | { kind: 'help' }
  | { kind: 'greeting' }
  | { kind: 'thanks' }
  | { kind: 'my-cases'; page: number }
  | { kind: 'status'; ref: string }
  | { kind: 'status-usage' }
  | { kind: 'new-case' }
  | { kind: 'follow-up'; ref: string; text: string }
  | { kind: 'follow-up-usage' }
  | { kind: 'search'; words: string[] }
  /** The member's division's latest briefing (issue 14). */
  | { kind: 'briefing' }
  | { kind: 'unknown' };

/** A case reference anywhere in a message, e.g. MH-2026-00042 (any case). */
const REF_IN_TEXT = /\bMH-(\d{4})-(\d{1,5})\b/i;
const MAX_PAGE = 1000;

/** A reference as the store keeps it: upper case, number padded to five digits. */
export const normaliseRef = (year: string, number: string): string => `MH-${year}-${number.padStart(5, '0')}`;

const findRef = (text: string): string | undefined => {
  const match = REF_IN_TEXT.exec(text);
  return match?.[1] !== undefined && match[2] !== undefined ? normaliseRef(match[1], match[2]) : undefined;
};

/**
 * Words that frame a question rather than name a case ("what's happening with", "any news on", "please").
 * PostgreSQL's English configuration drops common stop words itself; these are the conversational ones it
 * keeps, which would otherwise have to appear in the case for it to match.
 */
const FILLER = new Set(
  `what whats happening happened happen going on with about any news update updates latest status progress
   the a an is are was were it its my our me i we you your please thanks thank tell know let find show
   case cases enquiry enquiries query issue problem matter regarding re where when how has have had been
   there heard hear of for to from at in by and or not no can could would should will do does did
   this that these those which who why yet still today now check see look looking`
    .split(/\s+/)
    .filter(Boolean),
);
const MAX_WORDS = 8;

/**
 * The words of a question worth searching for: letters and digits only (so nothing the search syntax treats
 * specially, such as quotes, `-` or `or`, survives), lower case, without filler, at most eight.
 */
export const searchWords = (text: string): string[] =>
  text
    .toLowerCase()
    .replace(/['\u2019]s\b/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((w) => w.length >= 2 && !FILLER.has(w))
    .filter((w, i, all) => all.indexOf(w) === i)
    .slice(0, MAX_WORDS);

export const parseCommand = (raw: string): Command => {
  const text = raw.replace(/\s+/g, ' ').trim();
  const plain = text.toLowerCase().replace(/[.!?]+$/, '');

  if (plain === '' || /^(help|\?|menu|commands|what can you do)$/.test(plain)) return { kind: 'help' };
  if (/^(hi|hello|hey|hiya|good (morning|afternoon|evening))\b/.test(plain) && plain.split(' ').length <= 3)
    return { kind: 'greeting' };

  if (/^(thanks|thank you|thank you very much|cheers|ta|many thanks|ok|okay|great)$/.test(plain))
    return { kind: 'thanks' };

  const myCases = /^(my cases|my open cases|cases|list)(?: (?:page )?(\d{1,4}))?$/.exec(plain);
  if (myCases) {
    const page = myCases[2] === undefined ? 1 : Number(myCases[2]);
    return { kind: 'my-cases', page: Math.min(Math.max(page, 1), MAX_PAGE) };
  }

  if (/^(new case|new enquiry|raise a case|raise case|new)$/.test(plain)) return { kind: 'new-case' };

  if (/^(briefing|briefings|my briefing|ward briefing|latest briefing|monthly briefing)$/.test(plain))
    return { kind: 'briefing' };

  const followUp = /^follow[ -]?up\b(.*)$/is.exec(text);
  if (followUp) {
    const rest = (followUp[1] ?? '').trim();
    const ref = /^MH-(\d{4})-(\d{1,5})\b[\s:,-]*(.*)$/is.exec(rest);
    const question = ref?.[3]?.trim() ?? '';
    if (!ref || ref[1] === undefined || ref[2] === undefined || question === '')
      return { kind: 'follow-up-usage' };
    return { kind: 'follow-up', ref: normaliseRef(ref[1], ref[2]), text: question };
  }

  const status = /^(status|case|show)\b ?(.*)$/i.exec(plain);
  if (status) {
    const ref = findRef(status[2] ?? '');
    if (ref) return { kind: 'status', ref };
    if ((status[2] ?? '').trim() === '') return { kind: 'status-usage' };
  }

  // A reference anywhere ("any news on MH-2026-00042?") is a status question.
  const ref = findRef(text);
  if (ref) return { kind: 'status', ref };

  const words = searchWords(text);
  return words.length > 0 ? { kind: 'search', words } : { kind: 'unknown' };
};
