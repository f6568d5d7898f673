import { describe, expect, it } from 'vitest';
import {
  attributesOf,
  type CompiledCondition,
  compileCondition,
  describeCondition,
  holds,
} from './conditions.js';

function cond(raw: Record<string, unknown>): CompiledCondition {
  const c = compileCondition(raw);
  if (typeof c === 'string') throw new Error(c);
  return c;
}

const subject = attributesOf({ department: 'oncology', level: 3, on_call: true, teams: ['a', 'b'] });
const resource = attributesOf({ department: 'oncology', owner_team: 'b', level: '3' });
const check = (raw: Record<string, unknown>) => holds(cond(raw), subject, resource);

describe('conditions', () => {
  it('equals against a literal or the other side', () => {
    expect(check({ subject: 'department', equals: 'oncology' })).toBe(true);
    expect(check({ subject: 'department', equals: 'Oncology' })).toBe(false); // case-sensitive
    expect(check({ subject: 'department', equals: { resource: 'department' } })).toBe(true);
    expect(check({ resource: 'department', equals: { subject: 'department' } })).toBe(true);
    expect(check({ subject: 'on_call', equals: true })).toBe(true);
  });

  it('does not coerce types', () => {
    expect(check({ subject: 'level', equals: { resource: 'level' } })).toBe(false); // 3 vs "3"
    expect(check({ subject: 'level', equals: 3 })).toBe(true);
  });

  it('in: value is one of a list or of a list attribute', () => {
    expect(check({ subject: 'department', in: ['cardiology', 'oncology'] })).toBe(true);
    expect(check({ subject: 'department', in: ['cardiology'] })).toBe(false);
    expect(check({ resource: 'owner_team', in: { subject: 'teams' } })).toBe(true);
    expect(check({ subject: 'teams', in: ['a', 'b'] })).toBe(false); // a list is not "in" a list
  });

  it('contains: a list attribute holds a value', () => {
    expect(check({ subject: 'teams', contains: { resource: 'owner_team' } })).toBe(true);
    expect(check({ subject: 'teams', contains: 'c' })).toBe(false);
    expect(check({ subject: 'department', contains: 'onco' })).toBe(false); // no substring matching
  });

  it('a missing attribute never matches, not even another missing one', () => {
    expect(check({ subject: 'ward', equals: { resource: 'ward' } })).toBe(false);
    expect(check({ subject: 'department', equals: { resource: 'ward' } })).toBe(false);
  });

  it('does not read inherited properties (hostile attribute names)', () => {
    expect(check({ subject: 'constructor', equals: { resource: 'constructor' } })).toBe(false);
    expect(attributesOf({})('toString')).toBeUndefined();
  });

  it('rejects malformed conditions', () => {
    expect(compileCondition({ equals: 'x' })).toBe(
      'a condition needs exactly one of "subject" or "resource"',
    );
    expect(compileCondition({ subject: 'a', resource: 'b', equals: 'x' })).toMatch(
      /exactly one of "subject"/,
    );
    expect(compileCondition({ subject: 'a' })).toMatch(/exactly one of "equals"/);
    expect(compileCondition({ subject: 'a', in: 'x' })).toBe('"in" needs a list or an attribute reference');
  });

  it('describes itself with the actual values', () => {
    const c = cond({ subject: 'department', equals: { resource: 'ward' } });
    expect(describeCondition(c, subject, resource)).toBe(
      'subject.department ("oncology") equals resource.ward (missing)',
    );
  });
});
