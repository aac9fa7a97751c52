import type { Request, Server } from 'restify';
import type { CaseCategories } from '../app/case-categories';
import { NotFoundError } from '../domain/errors';
import type { RouteHelpers } from './server';
import {
  AdminCategoriesSchema,
  AdminCategorySchema,
  CategoryIdSchema,
  CategoryMergeBody,
  CategoryMergeSchema,
  CategoryOrderBody,
  CategoryUpdateBody,
  NewCategoryBody,
} from './schemas';

/** The `:id` of a category; one that cannot be an id names nothing. */
const idParam = (req: Request): string => {
  const parsed = CategoryIdSchema.safeParse((req.params as Record<string, unknown>).id);
  if (!parsed.success) throw new NotFoundError('category');
  return parsed.data;
};

/**
 * The managed category list under `/api/admin/categories`: administrators only (`canAdminister`), each read
 * and change audited; a body is read only after that check. Everyone else is offered the active categories
 * in `GET /api/directory`. See docs/api.md.
 */
export const categoryRoutes =
  (deps: { categories: CaseCategories }) =>
  (server: Server, { authed, send, body }: RouteHelpers): void => {
    const categories = deps.categories;

    server.get(
      '/api/admin/categories',
      authed(async (_req, res, actor) => {
        send(res, 200, AdminCategoriesSchema, { categories: await categories.all(actor) });
      }),
    );

    server.post(
      '/api/admin/categories',
      authed(async (req, res, actor) => {
        const added = await categories.add(actor, () => NewCategoryBody.parse(body(req)));
        send(res, 201, AdminCategorySchema, added);
      }),
    );

    server.put(
      '/api/admin/categories/order',
      authed(async (req, res, actor) => {
        const listed = await categories.reorder(actor, () => CategoryOrderBody.parse(body(req)));
        send(res, 200, AdminCategoriesSchema, { categories: listed });
      }),
    );

    server.patch(
      '/api/admin/categories/:id',
      authed(async (req, res, actor) => {
        const id = idParam(req);
        const changed = await categories.update(actor, id, () => CategoryUpdateBody.parse(body(req)));
        send(res, 200, AdminCategorySchema, changed);
      }),
    );

    server.post(
      '/api/admin/categories/:id/merge',
      authed(async (req, res, actor) => {
        const id = idParam(req);
        const merged = await categories.merge(actor, id, () => CategoryMergeBody.parse(body(req)));
        send(res, 200, CategoryMergeSchema, merged);
      }),
    );
  };
