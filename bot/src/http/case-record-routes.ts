import type { Request, Server } from 'restify';
import type { CaseRecord } from '../app/case-record';
import { NotFoundError } from '../domain/errors';
import { refParam } from './document-routes';
import type { RouteHelpers } from './server';
import {
  CaseRefSchema,
  InternalNoteSchema,
  LikelyDuplicatesBody,
  LikelyDuplicatesSchema,
  LinkBody,
  LinkedCasesSchema,
  NoteBody,
  NotesSchema,
} from './schemas';

export interface CaseRecordRoutesDeps {
  record: CaseRecord;
}

/** The `:other` case of a link; one that cannot be a reference names no case. */
const otherParam = (req: Request): string => {
  const parsed = CaseRefSchema.safeParse((req.params as Record<string, unknown>).other);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
};

/**
 * Officers' record beside a case over HTTP (docs/api.md, "Internal notes" and "Related cases"): internal notes,
 * links between related cases, and the likely-duplicate check the New case form makes before raising.
 */
export const caseRecordRoutes =
  ({ record }: CaseRecordRoutesDeps) =>
  (server: Server, { authed, send, body, unparsedBody }: RouteHelpers): void => {
    server.get(
      '/api/cases/:ref/notes',
      authed(async (req, res, actor) => {
        const ref = refParam(req);
        const notes = await record.notes(actor, ref);
        send(res, 200, NotesSchema, {
          ref,
          notes: notes.map(({ id, at, authorId, text }) => ({ id, at, authorId, text })),
        });
      }),
    );

    server.post(
      '/api/cases/:ref/notes',
      authed(async (req, res, actor) => {
        const ref = refParam(req);
        const { text } = NoteBody.parse(body(req));
        const { id, at, authorId } = await record.addNote(actor, ref, text);
        send(res, 201, InternalNoteSchema, { id, at, authorId, text: text.trim() });
      }),
    );

    server.get(
      '/api/cases/:ref/links',
      authed(async (req, res, actor) => {
        const ref = refParam(req);
        send(res, 200, LinkedCasesSchema, { ref, links: await record.links(actor, ref) });
      }),
    );

    server.post(
      '/api/cases/:ref/links',
      authed(async (req, res, actor) => {
        const ref = refParam(req);
        const { ref: other } = LinkBody.parse(body(req));
        const { created } = await record.link(actor, ref, other);
        send(res, created ? 201 : 200, LinkedCasesSchema, { ref, links: await record.links(actor, ref) });
      }),
    );

    unparsedBody('DELETE', '/api/cases/:ref/links/:other');
    server.del(
      '/api/cases/:ref/links/:other',
      authed(async (req, res, actor) => {
        const ref = refParam(req);
        await record.unlink(actor, ref, otherParam(req));
        send(res, 200, LinkedCasesSchema, { ref, links: await record.links(actor, ref) });
      }),
    );

    server.post(
      '/api/cases/likely-duplicates',
      authed(async (req, res, actor) => {
        const probe = LikelyDuplicatesBody.parse(body(req));
        send(res, 200, LikelyDuplicatesSchema, { matches: await record.likelyDuplicates(actor, probe) });
      }),
    );
  };
