import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalize } from './jcs.js';
import { code } from './test-support/errorCode.js';

describe('canonicalize: published vectors', () => {
  it('RFC 8785 §3.2.3 (sorting of object properties): the seven-member example', () => {
    const input = JSON.parse(
      '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh",' +
        '"1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control",' +
        '"\\u00f6":"Latin Small Letter O With Diaeresis"}',
    );
    expect(canonicalize(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('RFC 8785 §3.2.2 (serialization of primitive data types): the example minus its "numbers" floats', () => {
    const input = JSON.parse(
      '{"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    expect(canonicalize(input)).toBe(
      '{"literals":[null,true,false],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('RFC 8785 §3.2.2: the same example with its floats is refused, not serialised', () => {
    const input = JSON.parse('{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001]}');
    expect(code(() => canonicalize(input))).toBe('NOT_CANONICAL');
  });

  it('RFC 8785 §3.2.4 (UTF-8 generation): unnormalised Unicode is kept as is', () => {
    const bytes = canonicalBytes({ 'Unnormalized Unicode': 'A\u030a' });
    expect(bytes.toString('hex')).toBe('7b22556e6e6f726d616c697a656420556e69636f6465223a2241cc8a227d');
  });

  it('cyberphone/json-canonicalization testdata structures.json (RFC 8785 reference implementation)', () => {
    const input = JSON.parse(
      '{\n  "1": {"f": {"f": "hi","F": 5} ,"\\n": 56.0},\n  "10": { },\n  "": "empty",\n  "a": { },\n  "111": [ { } ],\n  "A": { }\n}',
    );
    expect(canonicalize(input)).toBe(
      '{"":"empty","1":{"\\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}',
    );
  });

  it('cyberphone/json-canonicalization testdata weird.json', () => {
    const input = JSON.parse(
      '{"\\u20ac":"Euro Sign","1":"One","\\u0080":"Control\\u007f","\\ud83d\\ude02":"Smiley",' +
        '"\\u00f6":"Latin Small Letter O With Diaeresis","\\ufb33":"Hebrew Letter Dalet With Dagesh",' +
        '"</script>":"Browser Challenge"}',
    );
    expect(canonicalize(input)).toBe(
      '{"1":"One","</script>":"Browser Challenge","\u0080":"Control\u007f","ö":"Latin Small Letter O With Diaeresis",' +
        '"€":"Euro Sign","\ud83d\ude02":"Smiley","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });
});

describe('canonicalize: restricted value set', () => {
  it('writes every control character the way JSON.stringify does', () => {
    let s = '';
    for (let c = 0; c < 0x20; c++) s += String.fromCharCode(c);
    expect(canonicalize(s)).toBe(JSON.stringify(s));
    expect(canonicalize(s)).toContain('\\b\\t\\n\\u000b\\f\\r\\u000e');
  });

  it('writes safe integers, including the extremes', () => {
    expect(canonicalize([0, -1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER])).toBe(
      '[0,-1,9007199254740991,-9007199254740991]',
    );
  });

  it('keeps a JSON-parsed "__proto__" member as an ordinary member', () => {
    expect(canonicalize(JSON.parse('{"b":1,"__proto__":2}'))).toBe('{"__proto__":2,"b":1}');
  });

  it.each([
    ['a float', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['-0', -0],
    ['an unsafe integer', 2 ** 53],
    ['a lone high surrogate', 'a\ud800'],
    ['a lone low surrogate', '\udc00b'],
    ['a reversed surrogate pair', '\ude00\ud83d'],
    ['a lone surrogate in a key', { '\ud800': 1 }],
    ['undefined', undefined],
    ['undefined in an object', { a: undefined }],
    ['a bigint', 1n],
    ['a function', () => 1],
    ['a symbol', Symbol('x')],
    ['a Date', new Date(0)],
    ['a Buffer', Buffer.from('x')],
    ['a Map', new Map()],
    ['a class instance', new (class Foo {})()],
    ['a sparse array', new Array(3)],
    ['symbol keys', { [Symbol('k')]: 1 }],
  ])('refuses %s', (_name, value) => {
    expect(code(() => canonicalize(value))).toBe('NOT_CANONICAL');
  });

  it('refuses cycles but accepts shared (acyclic) references', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(code(() => canonicalize(cyclic))).toBe('NOT_CANONICAL');
    const shared = { x: 1 };
    expect(canonicalize([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });

  it('accepts null-prototype objects', () => {
    const o = Object.create(null) as Record<string, number>;
    o.b = 2;
    o.a = 1;
    expect(canonicalize(o)).toBe('{"a":1,"b":2}');
  });
});
