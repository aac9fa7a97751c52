import { z } from 'zod';
import { ValidationError } from './errors';
import { UK_REGIONS } from './working-days';

// About a year of working days: generous for any council target, and bounds the day-by-day arithmetic.
const MAX_WORKING_DAYS = 260;
const workingDays = z.number().int().min(0).max(MAX_WORKING_DAYS);

/**
 * The council's service-level targets, all in working days of `region`'s calendar. Defaults follow the
 * process facts in DESIGN.md; administrators may change any of them.
 */
export const SlaPolicySchema = z
  .strictObject({
    /** Which bank holidays count as non-working days. */
    region: z.enum(UK_REGIONS).default('england-and-wales'),
    /** Acknowledge a new enquiry within this many working days. */
    acknowledgeWorkingDays: workingDays.default(2),
    /**
     * Stage 1: respond within this many working days of receipt. Stage 2: this many more working days from
     * the stage-1 due date, for complex matters and only with the member's agreement.
     */
    responseWorkingDays: z
      .strictObject({ 1: workingDays.min(1), 2: workingDays.min(1) })
      .default({ 1: 10, 2: 10 })
      .readonly(),
    /** After a response the case stays open this many working days for follow-up questions or reopening. */
    followUpWorkingDays: workingDays.default(5),
    /** An open case is "due soon" when this many working days or fewer are left. */
    warnWorkingDaysBefore: workingDays.default(2),
    /**
     * Escalation level i+1 is due this many working days after the response date was missed; ascending.
     * The default [0, 5, 10] escalates at breach, 5 and 10 working days later.
     */
    escalationWorkingDaysAfterBreach: z
      .array(workingDays)
      .min(1)
      .max(10)
      .refine((days) => days.every((d, i) => i === 0 || d > (days[i - 1] ?? -1)), {
        message: 'Escalation days must be in ascending order.',
      })
      .default([0, 5, 10])
      .readonly(),
    /**
     * The share of responses the council aims to send within target, in percent: what the Performance page
     * measures each department against. 95 by default (Haringey reports against a 95% goal).
     */
    goalPercentWithinTarget: z.number().int().min(1).max(100).default(95),
  })
  .refine((p) => p.acknowledgeWorkingDays <= p.responseWorkingDays[1], {
    message: 'The acknowledgement target cannot be later than the stage-1 response target.',
    path: ['acknowledgeWorkingDays'],
  })
  // Frozen at every level: one parsed policy is shared by every clock and request.
  .readonly();

export type SlaPolicy = z.infer<typeof SlaPolicySchema>;

/**
 * Checks an SLA policy (e.g. from the admin settings); missing fields take their defaults.
 * @throws ValidationError listing every problem, when the input is not a valid policy.
 */
export const parseSlaPolicy = (input: unknown): SlaPolicy => {
  const result = SlaPolicySchema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new ValidationError(
    'The SLA policy is not valid.',
    result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  );
};

/**
 * The defaults from DESIGN.md: 2 working days to acknowledge, 10 (+10 at stage 2) to respond, England & Wales,
 * and a goal of 95% answered within target.
 */
export const DEFAULT_SLA_POLICY: SlaPolicy = parseSlaPolicy({});
