import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';

/**
 * The official Adaptive Cards 1.5 schema (microsoft/AdaptiveCards `schemas/1.5.0/adaptive-card.json`, commit
 * 644d933e, MIT), kept byte for byte in bot/test/fixtures. It is JSON Schema draft-06, which ajv 8 knows only
 * once the draft-06 meta-schema is added. `strict: false` because the schema uses keywords ajv's strict mode
 * rejects (such as `examples` beside `$ref`); formats are not checked (tests check OpenUrl targets themselves).
 */
const { id, ...schema } = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'adaptive-card-1.5.json'), 'utf8'),
) as Record<string, unknown>;

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addMetaSchema(draft06);
// Draft-04 spelled the schema's own id `id`; draft-06 (which the file declares) spells it `$id`.
const validate = ajv.compile({ $id: String(id), ...schema });

/** The schema's complaints about a card (empty when it is valid). */
export const cardSchemaErrors = (card: unknown): ErrorObject[] =>
  validate(card) ? [] : [...(validate.errors ?? [])];

/** Fails the test with the schema's complaints if the card is not a valid Adaptive Card 1.5. */
export const expectValidCard = (card: unknown): void => {
  const errors = cardSchemaErrors(card);
  if (errors.length > 0)
    throw new Error(
      `Not a valid Adaptive Card 1.5:\n${errors
        .slice(0, 10)
        .map((e) => `  ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
        .join('\n')}\n${JSON.stringify(card, null, 1).slice(0, 4000)}`,
    );
  expect((card as { version?: unknown }).version).toBe('1.5');
};
