import { z } from 'zod';
import { CASE_EVENT_TYPES, CASE_KINDS, CASE_ORIGINS, CASE_STATUSES, PRIORITIES } from '../domain/case';
import { CASE_ACTION_TYPES } from '../domain/case-actions';
import { ROLES } from '../domain/person';
import { SlaPolicySchema } from '../domain/sla-policy';
import { UK_REGIONS } from '../domain/working-days';
import { NOTE_MAX_LENGTH } from '../domain/internal-note';
import { CASE_SORTS, isColumnSort, SORT_DIRECTIONS } from '../app/ports';
import { DOCUMENT_KINDS, DOCUMENT_PREVIEWS } from '../app/document-index';
import { SHARE_STATUSES } from '../app/folder-shares';

/**
 * The tab API's request and response schemas. Requests are parsed strictly (unknown fields are refused);
 * responses are checked on the way out so the API never drifts from what it documents (docs/api.md).
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const id = z.string().trim().min(1).max(100);
export const CASE_REF_PATTERN = /^MH-\d{4}-\d{5}$/;
export const CaseRefSchema = z.string().regex(CASE_REF_PATTERN, 'must look like MH-2026-00042');

/** An `Idempotency-Key` header: what a client sends to make a retried request safe (a UUID will do). */
export const IdempotencyKeySchema = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/);

/** UK postcode shape (not a check that the postcode exists), normalised to upper case with one space: `WQ1 2AB`. */
export const PostcodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/, 'must be a UK postcode, e.g. WQ1 2AB')
  .transform((p) => p.replace(/^(.+?)\s?(\d[A-Z]{2})$/, '$1 $2'));

export const ConstituentSchema = z.strictObject({
  name: text(200),
  email: z.email().max(320).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^[+\d][\d ()-]{5,30}$/, 'must be a phone number')
    .optional(),
  address: text(500),
  postcode: PostcodeSchema,
  consentToShare: z.boolean(),
});

export const RaiseCaseBody = z
  .strictObject({
    kind: z.enum(CASE_KINDS),
    origin: z.enum(CASE_ORIGINS).default('councillor'),
    mpName: text(200).optional(),
    memberId: id.nullable().optional(),
    constituent: ConstituentSchema,
    wardId: id,
    category: text(100),
    priority: z.enum(PRIORITIES).optional(),
    title: text(200),
    description: text(10_000),
  })
  .refine((b) => (b.origin === 'mp') === (b.mpName !== undefined), {
    message: 'mpName is required for MP enquiries and only for them',
    path: ['mpName'],
  });

const reason = text(2000);
export const ActionBody = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('triage'),
    departmentId: id,
    priority: z.enum(PRIORITIES).optional(),
    category: text(100).optional(),
  }),
  z.strictObject({ type: z.literal('assign'), officerId: id }),
  z.strictObject({ type: z.literal('respond'), response: text(20_000) }),
  z.strictObject({ type: z.literal('follow-up'), text: text(10_000) }),
  z.strictObject({ type: z.literal('extend'), reason }),
  z.strictObject({ type: z.literal('agree-extension') }),
  z.strictObject({ type: z.literal('decline-extension') }),
  z.strictObject({ type: z.literal('hold'), reason }),
  z.strictObject({ type: z.literal('resume') }),
  z.strictObject({ type: z.literal('close'), reason }),
  z.strictObject({ type: z.literal('reopen'), reason }),
  z.strictObject({ type: z.literal('escalate'), reason }),
  z.strictObject({ type: z.literal('share'), memberId: id }),
  z.strictObject({ type: z.literal('return-to-triage'), reason }),
  z.strictObject({
    type: z.literal('correct'),
    constituent: ConstituentSchema.omit({ consentToShare: true }).partial().optional(),
    title: text(200).optional(),
    category: text(100).optional(),
  }),
]);

/** The action body also carries the version the caller last saw, for optimistic concurrency. */
export const ActionRequest = z.object({ expectedVersion: z.number().int().min(1).optional() }).loose();

const statusList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(CASE_STATUSES)).min(1));
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** A calendar day, `YYYY-MM-DD`, that exists (no 30 February). */
const calendarDay = z.iso.date('must be a date, YYYY-MM-DD');

/**
 * The case list's query (docs/api.md, "Listing cases"). Filters narrow what the access policy lets the
 * caller list; none of them widens it.
 */
export const ListCasesQuery = z
  .strictObject({
    mine: flag.optional(),
    /** Only cases open to the caller: awaiting an answer, or answered with the answer new to them (docs/api.md). */
    open: flag.optional(),
    status: statusList.optional(),
    overdue: flag.optional(),
    /** Open cases due soon or overdue (by the SLA policy's warning margin). */
    atRisk: flag.optional(),
    /** Cases not yet routed to a department. */
    unassigned: flag.optional(),
    ward: id.optional(),
    department: id.optional(),
    /** The category as cases show it; letter case ignored. */
    category: z.string().trim().min(1).max(100).optional(),
    /** The raising councillor's person id. */
    member: id.optional(),
    /** Raised on or after this day (Europe/London). */
    raisedFrom: calendarDay.optional(),
    /** Raised on or before this day (Europe/London). */
    raisedTo: calendarDay.optional(),
    text: z.string().trim().min(1).max(200).optional(),
    sort: z.enum(CASE_SORTS).default('attention'),
    /** The direction of a column sort; ascending when absent. */
    dir: z.enum(SORT_DIRECTIONS).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(25),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .superRefine((q, ctx) => {
    if (q.raisedFrom !== undefined && q.raisedTo !== undefined && q.raisedFrom > q.raisedTo)
      ctx.addIssue({ code: 'custom', path: ['raisedTo'], message: 'must not be before raisedFrom' });
    if (q.dir !== undefined && !isColumnSort(q.sort))
      ctx.addIssue({ code: 'custom', path: ['dir'], message: `does not apply to sort=${q.sort}` });
    if (q.mine === true && q.member !== undefined)
      ctx.addIssue({ code: 'custom', path: ['member'], message: 'cannot be combined with mine=true' });
  });

export const SuggestWardQuery = z.strictObject({ postcode: PostcodeSchema });

// ---- documents (docs/api.md, "Documents") ----

/** A document id: a UUID (anything else names no document). */
export const DocumentIdSchema = z.uuid();

export const DocumentSearchQuery = z.strictObject({
  q: z.string().trim().min(3).max(200),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const DocumentContentQuery = z.strictObject({
  disposition: z.enum(['inline', 'attachment']).default('attachment'),
});

export const FromMailBody = z.strictObject({ messageId: z.string().min(1).max(512) });

/** `POST /api/message-filings/:id`: the case to file the waiting Teams message into. */
export const FileMessageBody = z.strictObject({ ref: CaseRefSchema });

export const MailMessagesQuery = z.strictObject({
  top: z.coerce.number().int().min(1).max(50).default(25),
});

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month, YYYY-MM');
/** Months of the period, both included; defaults and the 24-month limit are applied by the use case. */
export const StatsQuery = z.strictObject({ from: month.optional(), to: month.optional() });

// ---- admin requests ----

/** Ids administrators choose for wards, departments and people: short, lower case, safe in URLs. */
export const DirectoryIdSchema = z
  .string()
  .regex(/^[a-z0-9-]{2,40}$/, 'must be 2 to 40 lower-case letters, digits or hyphens');

/** A postcode area (`WQ`), district (`WQ1`) or sector (`WQ1 2`), normalised to upper case with one space. */
const postcodePrefix = z
  .string()
  .trim()
  .toUpperCase()
  .transform((p) => p.replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .regex(/^[A-Z]{1,2}(\d[A-Z\d]?( \d)?)?$/, 'must be a postcode area, district or sector, e.g. WQ1'),
  );
const unique = <T extends z.ZodType<string>>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .transform((items) => [...new Set(items)]);

export const WardBody = z.strictObject({ name: text(200), postcodePrefixes: unique(postcodePrefix, 100) });
export const NewWardBody = z.strictObject({ id: DirectoryIdSchema, ...WardBody.shape });

/** A managed category's id: the slug of its name (`roads-and-pavements`). */
export const CategoryIdSchema = z
  .string()
  .max(120)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a category id (lower-case letters, digits, single hyphens)');
const categoryName = text(100).regex(/^[^\p{Cc}]+$/u, 'must not contain control characters');
export const NewCategoryBody = z.strictObject({ name: categoryName });
/** A rename, a retirement (`active: false`) or a restoration; at least one. */
export const CategoryUpdateBody = z
  .strictObject({ name: categoryName.optional(), active: z.boolean().optional() })
  .refine((b) => b.name !== undefined || b.active !== undefined, {
    message: 'give a new name, active, or both',
    path: ['name'],
  });
export const CategoryOrderBody = z.strictObject({ ids: z.array(CategoryIdSchema).min(1).max(1000) });
export const CategoryMergeBody = z.strictObject({ intoId: CategoryIdSchema });

const entraGroupId = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    'must be a group object id (a GUID)',
  );

export const DepartmentBody = z.strictObject({
  name: text(200),
  /** Microsoft 365 mode: the Entra group whose members are the department's officers; null or absent: none. */
  entraGroupId: entraGroupId.nullable().optional(),
});
export const NewDepartmentBody = z.strictObject({ id: DirectoryIdSchema, ...DepartmentBody.shape });

export const PersonBody = z.strictObject({
  displayName: text(200),
  email: z.email().max(320),
  roles: unique(z.enum(ROLES), ROLES.length),
  /** Null or absent: no department. */
  departmentId: DirectoryIdSchema.nullable().optional(),
  /** Null or absent: no wards. */
  wardIds: unique(DirectoryIdSchema, 50).nullable().optional(),
});
export const NewPersonBody = z.strictObject({ id: DirectoryIdSchema, ...PersonBody.shape });

/** `PUT /api/admin/people/:id/wards`: the wards the person represents (empty: none). */
export const PersonWardsBody = z.strictObject({ wardIds: unique(DirectoryIdSchema, 50) });

// ---- responses ----

const instant = z.string().min(1);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const CaseViewSchema = z.object({
  id: z.string(),
  ref: CaseRefSchema,
  version: z.number().int(),
  kind: z.enum(CASE_KINDS),
  origin: z.enum(CASE_ORIGINS),
  mpName: z.string().optional(),
  memberId: z.string().nullable(),
  raisedBy: z.string(),
  constituent: z.object({
    name: z.string(),
    email: z.string().optional(),
    phone: z.string().optional(),
    address: z.string(),
    postcode: z.string(),
    consentToShare: z.boolean(),
  }),
  wardId: z.string(),
  category: z.string(),
  departmentId: z.string().nullable(),
  assignedOfficerId: z.string().nullable(),
  priority: z.enum(PRIORITIES),
  title: z.string(),
  description: z.string(),
  status: z.enum(CASE_STATUSES),
  stage: z.union([z.literal(1), z.literal(2)]),
  acknowledgeBy: isoDate,
  respondBy: isoDate,
  followUpUntil: isoDate.optional(),
  createdAt: instant,
  updatedAt: instant,
  escalationLevel: z.number().int(),
  sharedWith: z.array(z.string()),
  sla: z.object({
    state: z.enum(['on-track', 'due-soon', 'overdue', 'stopped']),
    workingDaysLeft: z.number().int().nullable(),
    overdueBy: z.number().int().nullable(),
    escalationLevelDue: z.number().int(),
  }),
  permittedActions: z.array(z.enum(['read', 'file-message', ...CASE_ACTION_TYPES])),
  /** The follow-up window is open today (the rule that accepts a follow-up). */
  followUpOpen: z.boolean(),
  /** In lists: the case has news for the reader (a change by someone else since they last opened it). */
  news: z.boolean().optional(),
  /** Officers' record this person may keep on the case: internal notes (read and add), links to related cases. */
  recordActions: z.array(z.enum(['read-notes', 'add-note', 'link-cases'])),
});

export const CasePageSchema = z.object({
  items: z.array(CaseViewSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  /** With `text` and a status filter (`status`, `open`, `overdue`, `atRisk`): matches under the other statuses. */
  elsewhere: z.number().int().min(0).optional(),
});

export const TimelineSchema = z.object({
  ref: CaseRefSchema,
  events: z.array(
    z.object({
      seq: z.number().int(),
      at: instant,
      actorId: z.string().nullable(),
      type: z.enum(CASE_EVENT_TYPES),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
});

export const MeSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  email: z.string(),
  roles: z.array(z.enum(ROLES)),
  departmentId: z.string().optional(),
  wardIds: z.array(z.string()).optional(),
  mode: z.enum(['local', 'm365']),
  /** What this deployment offers: `mailbox`, filing from the person's own mailbox (Microsoft 365 mode). */
  features: z.object({ mailbox: z.boolean() }),
});

export const DocumentViewSchema = z.object({
  id: z.string(),
  caseRef: CaseRefSchema,
  name: z.string(),
  contentType: z.string(),
  size: z.number().int().min(0),
  kind: z.enum(DOCUMENT_KINDS),
  uploadedBy: z.object({ id: z.string(), name: z.string() }),
  uploadedAt: instant,
  preview: z.enum(DOCUMENT_PREVIEWS),
  email: z
    .object({
      from: z.string(),
      to: z.array(z.string()),
      subject: z.string(),
      date: z.string().nullable(),
      preview: z.string(),
      attachments: z.number().int().min(0),
    })
    .optional(),
});

export const CaseDocumentsSchema = z.object({
  items: z.array(DocumentViewSchema),
  canUpload: z.boolean(),
  canRemove: z.boolean(),
  /** The largest document accepted, in bytes. */
  maxBytes: z.number().int(),
});

export const FiledDocumentSchema = z.object({ document: DocumentViewSchema, created: z.boolean() });

export const RemovedDocumentSchema = z.object({ document: DocumentViewSchema });

export const DocumentSearchSchema = z.object({
  items: z.array(
    z.object({
      document: DocumentViewSchema,
      caseRef: CaseRefSchema,
      caseTitle: z.string(),
      snippet: z.string(),
    }),
  ),
});

export const MailMessagesSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      subject: z.string(),
      from: z.string(),
      receivedAt: z.string(),
      preview: z.string(),
      hasAttachments: z.boolean(),
    }),
  ),
});

const WardSchema = z.object({ id: z.string(), name: z.string(), postcodePrefixes: z.array(z.string()) });
const DepartmentSchema = z.object({ id: z.string(), name: z.string() });
const DirectoryPersonSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  departmentId: z.string().optional(),
  wardIds: z.array(z.string()).optional(),
});

/** `GET /api/directory`: no e-mail addresses and no object ids (unknown keys are dropped on the way out). */
/** A category as it is offered for a case: its id and display name (what a case carries). */
const OfferedCategorySchema = z.object({ id: z.string(), name: z.string() });

export const DirectorySchema = z.object({
  wards: z.array(WardSchema),
  departments: z.array(DepartmentSchema),
  people: z.array(DirectoryPersonSchema),
  categories: z.array(OfferedCategorySchema),
});

export const WardSuggestionSchema = z.object({
  postcode: z.string(),
  ward: z.object({ id: z.string(), name: z.string() }).nullable(),
});

const count = z.number().int().min(0);
const isoMonth = z.string().regex(/^\d{4}-\d{2}$/);
export const StatsSchema = z.object({
  scope: z.enum(['member', 'all']),
  from: isoMonth,
  to: isoMonth,
  generatedAt: instant,
  goalPercentWithinTarget: z.number().int().min(1).max(100),
  answeredWithinTarget: z.array(
    z.object({ departmentId: z.string(), month: isoMonth, answered: count, withinTarget: count }),
  ),
  volumesByWard: z.array(z.object({ wardId: z.string(), count })),
  volumesByCategory: z.array(z.object({ category: z.string(), count })),
  byOrigin: z.array(z.object({ month: isoMonth, councillor: count, mp: count })),
  openByAge: z.array(z.object({ bucket: z.enum(['0-5', '6-10', '11-20', '21+']), count })).length(4),
});

export const AdminSettingsSchema = z.object({
  sla: SlaPolicySchema,
  directoryEditable: z.boolean(),
  peopleFrom: z.enum(['local', 'entra']),
  regions: z.array(z.enum(UK_REGIONS)),
});

export const AdminWardSchema = WardSchema;

export const AdminCategorySchema = z.object({
  id: z.string(),
  name: z.string(),
  active: z.boolean(),
  sortOrder: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const AdminCategoriesSchema = z.object({
  categories: z.array(AdminCategorySchema.extend({ cases: z.number().int().min(0) })),
});
export const CategoryMergeSchema = z.object({ into: AdminCategorySchema, cases: z.number().int().min(0) });
export const AdminDepartmentSchema = DepartmentSchema.extend({ entraGroupId: z.string().optional() });
export const AdminDepartmentsSchema = z.object({ departments: z.array(AdminDepartmentSchema) });

/** `GET|POST /api/admin/directory-sync`: whether the sync runs here and how its last run went. */
export const DirectorySyncSchema = z.object({
  enabled: z.boolean(),
  last: z
    .object({
      startedAt: instant,
      finishedAt: instant,
      outcome: z.enum(['succeeded', 'failed']),
      summary: z.record(z.string(), z.number()).nullable(),
      missingDepartmentGroups: z.array(z.string()),
      error: z.string().nullable(),
    })
    .nullable(),
});
export const AdminPersonSchema = DirectoryPersonSchema.extend({ email: z.string() });
export const AdminPeopleSchema = z.object({ people: z.array(AdminPersonSchema) });

export const AdminSharesQuery = z.strictObject({ status: z.enum(SHARE_STATUSES).optional() });

export const AdminShareSchema = z.object({
  id: z.string(),
  member: z.object({ id: z.string(), name: z.string() }).nullable(),
  grantee: z.object({ kind: z.enum(['user', 'group']), name: z.string() }),
  role: z.enum(['read', 'write']),
  status: z.enum(SHARE_STATUSES),
  attempts: z.number().int().min(0),
  /** The store's error code of the last failure (e.g. `forbidden`), and its request id for Microsoft support. */
  lastError: z.string().nullable(),
  lastRequestId: z.string().nullable(),
  nextAttemptAt: instant,
  updatedAt: instant,
  sharedAt: instant.nullable(),
});

/** `GET /api/admin/document-shares`: whether sharing is on, how many shares are in each state, and the shares. */
export const AdminSharesSchema = z.object({
  enabled: z.boolean(),
  counts: z.object({ pending: count, shared: count, failed: count }),
  items: z.array(AdminShareSchema),
});

const MessageDocumentsSchema = z.object({
  record: z.enum(['filed', 'already-filed', 'failed', 'in-progress']),
  attachments: z.object({ stored: count, failed: count, linked: count }),
  notCopied: z
    .array(
      z.object({
        name: z.string(),
        reason: z.enum(['no-access', 'not-found', 'too-large', 'not-a-file', 'failed', 'not-signed-in']),
      }),
    )
    .optional(),
});

/** `GET /api/message-filings/:id`: a Teams message waiting for the "File to case" dialog. */
export const MessageFilingSchema = z.object({
  id: z.string(),
  message: z.object({
    senderName: z.string(),
    sentAt: instant.nullable(),
    text: z.string(),
    attachments: z.array(z.object({ name: z.string(), kind: z.enum(['file', 'shared', 'link']) })),
  }),
  filed: z.object({ ref: z.string(), documents: MessageDocumentsSchema.nullable() }).nullable(),
});

/** `POST /api/message-filings/:id`: the case as it is now, and what became of the message's documents. */
export const MessageFiledSchema = z.object({
  case: CaseViewSchema,
  documents: MessageDocumentsSchema.nullable(),
});

/** `GET /tab/runtime.json`: what the tab needs to know before it can sign in. */
export const TabRuntimeSchema = z.object({
  mode: z.enum(['local', 'm365']),
  signInUrl: z.string().nullable(),
  clientId: z.string().nullable(),
});

export const ErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  requestId: z.string().optional(),
});

// ---- Scan-ingest (docs/ingest.md) ----

const ingestDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD');
const memberIdSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a member id');
const boxSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dots, dashes and underscores');

export const StartBatchBody = z.strictObject({
  label: z.string().trim().min(1).max(200),
  memberId: memberIdSchema.nullable(),
});

export const CoverSheetBody = z.strictObject({
  memberId: memberIdSchema,
  caseRef: CaseRefSchema.optional(),
  box: boxSchema.optional(),
});

export const RetentionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('keep'), until: ingestDate, reason: z.string().max(500) }),
  z.strictObject({ kind: z.literal('review'), on: ingestDate, reason: z.string().max(500) }),
  z.strictObject({ kind: z.literal('destroy'), reason: z.string().max(500) }),
]);

export const DecisionBody = z.strictObject({
  memberId: memberIdSchema,
  caseRef: CaseRefSchema.nullable(),
  box: boxSchema.nullable(),
  dateFrom: ingestDate.nullable(),
  dateTo: ingestDate.nullable(),
  description: z.string().trim().min(1).max(200),
  retention: RetentionSchema,
});

export const IngestDocumentsQuery = z.strictObject({ batchId: z.uuid().optional() });
export const LegacyPapersQuery = z.strictObject({
  memberId: memberIdSchema.optional(),
  q: z.string().trim().min(3).max(200).optional(),
});
export const UuidSchema = z.uuid();

const BatchSchema = z.object({
  id: z.string(),
  label: z.string(),
  memberId: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export const BatchViewSchema = BatchSchema;
export const BatchListSchema = z.object({ items: z.array(BatchSchema) });

const DuplicateOfSchema = z.object({ fileId: z.string(), batchId: z.string(), name: z.string() }).nullable();
export type FileOutcomeShape = {
  name: string;
  status: string;
  reason: string | null;
  fileId: string;
  pages: number;
  duplicateOf: z.infer<typeof DuplicateOfSchema>;
  entries?: FileOutcomeShape[];
};
export const FileOutcomeSchema: z.ZodType<FileOutcomeShape> = z.lazy(() =>
  z.object({
    name: z.string(),
    status: z.string(),
    reason: z.string().nullable(),
    fileId: z.string(),
    pages: z.number(),
    duplicateOf: DuplicateOfSchema,
    entries: z.array(FileOutcomeSchema).optional(),
  }),
);

export const BatchProgressSchema = z.object({
  batch: BatchSchema,
  files: z.array(
    z.object({
      id: z.string(),
      parentId: z.string().nullable(),
      name: z.string(),
      status: z.string(),
      reason: z.string().nullable(),
      pageCount: z.number(),
      pagesDone: z.number(),
      pagesFailed: z.number(),
      failedPages: z.array(z.object({ pageNo: z.number(), reason: z.string() })),
      duplicateOf: DuplicateOfSchema,
    }),
  ),
  pagesTotal: z.number(),
  pagesDone: z.number(),
  pagesFailed: z.number(),
  secondsLeft: z.number().nullable(),
  documents: z.record(z.string(), z.number()),
});

const EvidenceSchema = z.object({ pageNo: z.number(), words: z.array(z.number()), label: z.string() });
const SuggestionSchema = z
  .object({ value: z.string(), score: z.number(), evidence: z.array(EvidenceSchema) })
  .nullable();
export const IngestDocumentSchema = z.object({
  id: z.string(),
  batchId: z.string(),
  fileId: z.string(),
  fileName: z.string(),
  seq: z.number(),
  pages: z.array(z.number()),
  status: z.string(),
  suggestions: z.object({
    caseRef: SuggestionSchema.optional(),
    memberId: SuggestionSchema.optional(),
    wardId: SuggestionSchema.optional(),
    dateFrom: SuggestionSchema.optional(),
    dateTo: SuggestionSchema.optional(),
  }),
  lowConfidencePages: z.array(z.number()),
  memberId: z.string().nullable(),
  caseRef: z.string().nullable(),
  box: z.string().nullable(),
  dateFrom: z.string().nullable(),
  dateTo: z.string().nullable(),
  description: z.string().nullable(),
  retention: RetentionSchema.nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  error: z.string().nullable(),
  filedAt: z.string().nullable(),
});
export const IngestDocumentListSchema = z.object({ items: z.array(IngestDocumentSchema) });
export const ReviewSchema = z.object({
  document: IngestDocumentSchema,
  pages: z.array(
    z.object({
      pageNo: z.number(),
      width: z.number(),
      height: z.number(),
      confidence: z.number(),
      text: z.string(),
      words: z.array(
        z.object({
          text: z.string(),
          bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
          confidence: z.number(),
        }),
      ),
      lowConfidence: z.boolean(),
    }),
  ),
});
export const ManifestSchema = z.object({ rows: z.number() });
export const RetriedSchema = z.object({ retried: z.number() });

const LegacyPaperSchema = z.object({
  id: z.string(),
  memberId: z.string(),
  caseRef: z.string().nullable(),
  name: z.string(),
  size: z.number(),
  pages: z.number(),
  box: z.string().nullable(),
  dateFrom: z.string().nullable(),
  dateTo: z.string().nullable(),
  retention: RetentionSchema,
  filedAt: z.string(),
});
export const LegacyPaperListSchema = z.object({
  items: z.array(z.object({ paper: LegacyPaperSchema, snippet: z.string().nullable() })),
});

// ---- Internal notes, related cases and the likely-duplicate check (issue 16) ----

export const NoteBody = z.strictObject({ text: text(NOTE_MAX_LENGTH) });

export const InternalNoteSchema = z.object({
  id: z.string(),
  at: instant,
  authorId: z.string(),
  text: z.string(),
});

export const NotesSchema = z.object({ ref: CaseRefSchema, notes: z.array(InternalNoteSchema) });

export const LinkBody = z.strictObject({ ref: CaseRefSchema });

export const LinkedCasesSchema = z.object({
  ref: CaseRefSchema,
  links: z.array(
    z.object({
      ref: CaseRefSchema,
      title: z.string(),
      status: z.enum(CASE_STATUSES),
      linkedAt: instant,
      linkedBy: z.string(),
    }),
  ),
});

/** What a case about to be raised is compared on: the constituent as typed on the form, and the category. */
export const LikelyDuplicatesBody = z.strictObject({
  constituent: ConstituentSchema.pick({
    name: true,
    email: true,
    phone: true,
    address: true,
    postcode: true,
  }),
  category: text(100),
});

export const LikelyDuplicatesSchema = z.object({
  matches: z.array(
    z.object({
      ref: CaseRefSchema,
      title: z.string(),
      status: z.enum(CASE_STATUSES),
      createdAt: instant,
      reasons: z.array(z.enum(['same-constituent', 'same-street-and-category'])),
    }),
  ),
});
