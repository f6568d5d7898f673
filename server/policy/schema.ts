/**
 * JSON Schemas for the policy files, enforced with ajv before anything else reads the data.
 * `description` on a leaf is used in error messages to say what was expected. Cross-references
 * (a grant naming a role, inheritance cycles) are checked later, in compile.ts.
 */
import { PERMISSIONS, type ResourceRef } from './types.js';

/** Every `ResourceRef['type']`; test cases and `explain` name one of them. */
export const RESOURCE_TYPES = [
  'conversation',
  'collection',
  'document',
  'audit',
  'policy',
  'user',
  'model',
  'system',
] as const satisfies readonly ResourceRef['type'][];

// Compile-time check that RESOURCE_TYPES lists the whole union.
type MissingResourceType = Exclude<ResourceRef['type'], (typeof RESOURCE_TYPES)[number]>;
const _allResourceTypes: MissingResourceType extends never ? true : false = true;
void _allResourceTypes;

/** Collection access levels, weakest first: manage ⊇ write ⊇ read. */
export const ACCESS_LEVELS = ['read', 'write', 'manage'] as const;

const text = { type: 'string', maxLength: 2000, description: 'text' } as const;
const roleName = {
  type: 'string',
  pattern: '^[a-z][a-z0-9_-]{0,63}$',
  description: 'a role name (lowercase letter, then lowercase letters, digits, "_" or "-"; at most 64)',
} as const;
// IdP group names and usernames come from outside (LDAP DNs, emails): any visible text.
const externalName = {
  type: 'string',
  pattern: '^\\S(.{0,254}\\S)?$',
  description: 'a name of 1 to 256 characters without leading or trailing spaces',
} as const;
const collectionId = {
  type: 'string',
  pattern: '^(\\*|[A-Za-z0-9][A-Za-z0-9._-]{0,127})$',
  description: 'a collection id (letters, digits, ".", "_" or "-"; at most 128) or "*"',
} as const;
const attributeName = {
  type: 'string',
  pattern: '^[A-Za-z][A-Za-z0-9_.-]{0,63}$',
  description: 'an attribute name (a letter, then letters, digits, ".", "_" or "-")',
} as const;
const permission = { type: 'string', enum: [...PERMISSIONS] } as const;
const roleList = { type: 'array', items: roleName, uniqueItems: true } as const;
const literal = {
  type: ['string', 'number', 'boolean'],
  description: 'a string, number or boolean',
} as const;
const attributeValue = {
  type: ['string', 'number', 'boolean', 'array'],
  items: { type: 'string' },
  description: 'a string, number, boolean or list of strings',
} as const;
const attributes = {
  type: 'object',
  propertyNames: attributeName,
  additionalProperties: attributeValue,
} as const;
// `{ subject: department }` or `{ resource: department }`: the other side's attribute.
const reference = {
  subject: attributeName,
  resource: attributeName,
} as const;
const operand = {
  type: ['string', 'number', 'boolean', 'object'],
  properties: reference,
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  description: 'a literal, or { subject: NAME } / { resource: NAME }',
} as const;
const listOperand = {
  type: ['array', 'object'],
  items: literal,
  properties: reference,
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  description: 'a list of literals, or { subject: NAME } / { resource: NAME }',
} as const;

/** One condition: one side (`subject` or `resource`) and one operator; checked in compile.ts. */
const condition = {
  type: 'object',
  additionalProperties: false,
  properties: {
    subject: attributeName,
    resource: attributeName,
    equals: operand,
    in: listOperand,
    contains: operand,
  },
} as const;

const grant = {
  type: 'object',
  additionalProperties: false,
  required: ['access'],
  properties: {
    description: text,
    role: roleName,
    group: externalName,
    access: { type: 'string', enum: [...ACCESS_LEVELS] },
    when: { type: 'array', items: condition, maxItems: 32 },
  },
} as const;

/** Schema of `rbac.yaml`. */
export const rbacSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['roles'],
  properties: {
    description: text,
    defaultRoles: roleList,
    roles: {
      type: 'object',
      minProperties: 1,
      propertyNames: roleName,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          description: text,
          inherits: roleList,
          permissions: { type: 'array', items: permission, uniqueItems: true },
        },
      },
    },
    groups: { type: 'object', propertyNames: externalName, additionalProperties: roleList },
    users: { type: 'object', propertyNames: externalName, additionalProperties: roleList },
    collections: {
      type: 'object',
      propertyNames: collectionId,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['grants'],
        properties: { description: text, attributes, grants: { type: 'array', items: grant } },
      },
    },
  },
} as const;

/** Schema of `tests/*.yaml`. `kind` leaves room for other case kinds (e.g. PII masking). */
export const testFileSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['cases'],
  properties: {
    description: text,
    cases: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'subject', 'action', 'expect'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 200, description: 'a case name' },
          kind: { type: 'string', enum: ['decision'] },
          description: text,
          subject: {
            type: 'object',
            additionalProperties: false,
            required: ['user'],
            properties: {
              user: externalName,
              id: externalName,
              groups: { type: 'array', items: externalName },
              // Roles assigned locally (the user table), as `Subject.roles`.
              roles: roleList,
              attributes,
            },
          },
          action: permission,
          resource: {
            type: 'object',
            additionalProperties: false,
            required: ['type'],
            properties: {
              type: { type: 'string', enum: [...RESOURCE_TYPES] },
              id: externalName,
              owner: externalName,
              attributes,
            },
          },
          expect: { type: 'string', enum: ['allow', 'deny'] },
          // Optional: the rule that must decide (e.g. `rbac.yaml#/roles/staff/permissions/0`).
          rule: { type: 'string', minLength: 1, maxLength: 300, description: 'a rule reference' },
        },
      },
    },
  },
} as const;
