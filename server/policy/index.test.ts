import { describe, expect, it } from 'vitest';
import { isPermission, PERMISSIONS } from './index.js';

describe('isPermission', () => {
  it('accepts exactly the known permissions', () => {
    for (const p of PERMISSIONS) expect(isPermission(p)).toBe(true);
    for (const p of ['', 'chat', 'chat:use ', 'CHAT:USE', 'conversation:read', 'toString', '__proto__']) {
      expect(isPermission(p), p).toBe(false);
    }
  });
});
