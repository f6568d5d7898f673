/**
 * Attribute conditions on collection grants: a small, closed vocabulary instead of code.
 *
 *   { subject: department, equals: { resource: department } }   same value on both sides
 *   { subject: department, in: [cardiology, oncology] }          value is one of a list
 *   { subject: projects, contains: { resource: project } }       list attribute holds a value
 *
 * The left side is `subject: NAME` or `resource: NAME`; the operand is a literal, a list (for
 * `in`), or `{ subject: NAME }` / `{ resource: NAME }`. Comparisons are exact and
 * case-sensitive, with no type coercion (`1` does not equal `"1"`). A missing attribute makes
 * the condition false, so that a subject without a department never matches a department rule.
 * All conditions of a grant must hold. Nothing here can loop, call out or run code.
 */
import type { AttributeValue } from './types.js';

/** One side of a comparison. */
export type Side = 'subject' | 'resource';
type Scalar = string | number | boolean;
type Operand =
  | { readonly kind: 'literal'; readonly value: Scalar }
  | { readonly kind: 'list'; readonly values: readonly Scalar[] }
  | { readonly kind: 'ref'; readonly side: Side; readonly attribute: string };

/** A checked condition, ready to evaluate. */
export interface CompiledCondition {
  readonly side: Side;
  readonly attribute: string;
  readonly op: 'equals' | 'in' | 'contains';
  readonly operand: Operand;
}

/** Attribute lookup for one side; returns undefined when absent. */
export type Attributes = (name: string) => AttributeValue | undefined;

/**
 * Turns a schema-valid condition into a compiled one, or returns a message saying why it is
 * not one (the schema cannot express "exactly one side and one operator").
 */
export function compileCondition(raw: Record<string, unknown>): CompiledCondition | string {
  const sides = (['subject', 'resource'] as const).filter((s) => raw[s] !== undefined);
  const ops = (['equals', 'in', 'contains'] as const).filter((o) => raw[o] !== undefined);
  if (sides.length !== 1) return 'a condition needs exactly one of "subject" or "resource"';
  if (ops.length !== 1) return 'a condition needs exactly one of "equals", "in" or "contains"';
  const side = sides[0] as Side;
  const op = ops[0] as CompiledCondition['op'];
  const value = raw[op];
  let operand: Operand;
  if (Array.isArray(value)) {
    operand = { kind: 'list', values: value as Scalar[] };
  } else if (typeof value === 'object' && value !== null) {
    const ref = value as Partial<Record<Side, string>>;
    const refSide: Side = ref.subject !== undefined ? 'subject' : 'resource';
    operand = { kind: 'ref', side: refSide, attribute: ref[refSide] as string };
  } else {
    operand = { kind: 'literal', value: value as Scalar };
  }
  if (op === 'in' && operand.kind === 'literal') return '"in" needs a list or an attribute reference';
  return { side, attribute: raw[side] as string, op, operand };
}

/** Evaluates `c`; `describe` gives the human-readable form with the actual values. */
export function holds(c: CompiledCondition, subject: Attributes, resource: Attributes): boolean {
  const left = (c.side === 'subject' ? subject : resource)(c.attribute);
  if (left === undefined) return false;
  const right = operandValue(c.operand, subject, resource);
  if (right === undefined) return false;
  switch (c.op) {
    case 'equals':
      return isScalar(left) && isScalar(right) && left === right;
    case 'in':
      return isScalar(left) && Array.isArray(right) && right.includes(left);
    case 'contains':
      return Array.isArray(left) && isScalar(right) && left.includes(right as string);
  }
}

/** `subject.department ("oncology") equals resource.department ("nursing")` */
export function describeCondition(c: CompiledCondition, subject: Attributes, resource: Attributes): string {
  const left = `${c.side}.${c.attribute} (${show((c.side === 'subject' ? subject : resource)(c.attribute))})`;
  const op = c.operand;
  const right =
    op.kind === 'ref'
      ? `${op.side}.${op.attribute} (${show(operandValue(op, subject, resource))})`
      : show(op.kind === 'list' ? op.values : op.value);
  return `${left} ${c.op} ${right}`;
}

function operandValue(op: Operand, subject: Attributes, resource: Attributes): AttributeValue | undefined {
  if (op.kind === 'literal') return op.value;
  if (op.kind === 'list') return op.values as readonly string[];
  return (op.side === 'subject' ? subject : resource)(op.attribute);
}

function isScalar(v: AttributeValue | Scalar): v is Scalar {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

// Attribute values come from IdP claims and resource metadata: quote and clip them.
function show(v: unknown): string {
  if (v === undefined) return 'missing';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}

/**
 * Safe attribute lookup on a plain record from outside: own properties only, so that names
 * like `constructor` never reach Object.prototype.
 */
export function attributesOf(record: Readonly<Record<string, AttributeValue>> | undefined): Attributes {
  return (name) => (record && Object.hasOwn(record, name) ? record[name] : undefined);
}
