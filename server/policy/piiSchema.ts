/**
 * JSON Schema of `pii.yaml` (issue 6), enforced with ajv like the other sections. What the
 * schema cannot check (entity names, patterns, roles named in `restore`) is checked in
 * piiCompile.ts with the same file:line:column reporting.
 */
import { BOUNDARIES, OPERATOR_TYPES } from '../pii/config.js';
import { VALIDATORS } from '../pii/custom/recognizer.js';

const text = { type: 'string', maxLength: 2000, description: 'text' } as const;
const score = { type: 'number', minimum: 0, maximum: 1, description: 'a number from 0 to 1' } as const;
const entityName = {
  type: 'string',
  pattern: '^[A-Z][A-Z0-9_]{0,63}$',
  description: 'an entity type (upper case letter, then upper case letters, digits or "_"; at most 64)',
} as const;
const roleName = {
  type: 'string',
  pattern: '^[a-z][a-z0-9_-]{0,63}$',
  description: 'a role name (lowercase letter, then lowercase letters, digits, "_" or "-"; at most 64)',
} as const;
const word = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  pattern: '\\S',
  description: 'a context word or phrase (1 to 64 characters)',
} as const;
const words = { type: 'array', items: word, maxItems: 200, uniqueItems: true } as const;

const operator = {
  type: ['string', 'object'],
  // `pattern` applies to the string form, `properties` to the object form.
  pattern: `^(${OPERATOR_TYPES.join('|')})$`,
  description: `an operator (${OPERATOR_TYPES.join(', ')}) or { type: OPERATOR, ... }`,
  properties: {
    type: { type: 'string', enum: [...OPERATOR_TYPES] },
    // replace
    label: { type: 'string', minLength: 0, maxLength: 100, description: 'a label of at most 100 characters' },
    // mask
    keep: { type: 'integer', minimum: 0, maximum: 64, description: 'a whole number from 0 to 64' },
    char: { type: 'string', minLength: 1, maxLength: 2, description: 'one masking character' },
  },
  required: ['type'],
  additionalProperties: false,
} as const;

const boundary = {
  type: 'object',
  additionalProperties: false,
  required: ['default'],
  properties: {
    description: text,
    default: operator,
    entities: { type: 'object', propertyNames: entityName, additionalProperties: operator },
  },
} as const;

/** Schema of `pii.yaml`. */
export const piiSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    description: text,
    entities: { type: 'array', items: entityName, uniqueItems: true, maxItems: 200 },
    threshold: score,
    thresholds: { type: 'object', propertyNames: entityName, additionalProperties: score },
    phoneRegions: {
      type: 'array',
      uniqueItems: true,
      maxItems: 50,
      items: { type: 'string', pattern: '^[A-Z]{2}$', description: 'an ISO 3166-1 alpha-2 region (US, GB)' },
    },
    context: {
      type: 'object',
      additionalProperties: false,
      properties: {
        boost: score,
        minScore: score,
        before: { type: 'integer', minimum: 0, maximum: 20, description: 'a whole number from 0 to 20' },
        after: { type: 'integer', minimum: 0, maximum: 20, description: 'a whole number from 0 to 20' },
      },
    },
    contextWords: { type: 'object', propertyNames: entityName, additionalProperties: words },
    recognizers: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'entity', 'pattern'],
        properties: {
          description: text,
          name: {
            type: 'string',
            pattern: '^[a-z][a-z0-9_-]{0,63}$',
            description: 'a recognizer name (lowercase letter, then lowercase letters, digits, "_" or "-")',
          },
          entity: entityName,
          pattern: { type: 'string', minLength: 1, description: 'a regular expression' },
          flags: { type: 'string', maxLength: 8, description: 'regular expression flags' },
          score,
          validator: { type: 'string', enum: Object.keys(VALIDATORS) },
          context: words,
        },
      },
    },
    boundaries: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ...Object.fromEntries(BOUNDARIES.map((b) => [b, boundary])),
        display: {
          type: 'object',
          additionalProperties: false,
          required: ['restore'],
          properties: {
            description: text,
            restore: {
              type: 'object',
              additionalProperties: false,
              properties: {
                author: { type: 'boolean' },
                roles: { type: 'array', items: roleName, uniqueItems: true },
              },
            },
          },
        },
      },
    },
  },
} as const;
