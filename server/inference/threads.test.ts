import { describe, expect, it } from 'vitest';
import { type CpuBudget, cpuBudget, type FileReader, resolveThreads } from './threads.js';

/** A fake /proc and /sys: only the listed files exist; every read is recorded. */
function fakeFs(files: Record<string, string>): FileReader & { reads: string[] } {
  const reads: string[] = [];
  const reader = ((file: string) => {
    reads.push(file);
    return Object.hasOwn(files, file) ? files[file] : undefined;
  }) as FileReader & { reads: string[] };
  reader.reads = reads;
  return reader;
}

const v2Membership = { '/proc/self/cgroup': '0::/kubepods/pod1\n' };

describe('cpuBudget with cgroup v2', () => {
  it('uses cpu.max of the process cgroup', () => {
    const read = fakeFs({ ...v2Membership, '/sys/fs/cgroup/kubepods/pod1/cpu.max': '300000 100000\n' });
    expect(cpuBudget(read, 16)).toEqual({ cpus: 3, affinity: 16, cgroupQuota: 3 });
  });

  it('takes the tightest quota among the cgroup and its ancestors', () => {
    const read = fakeFs({
      ...v2Membership,
      '/sys/fs/cgroup/kubepods/pod1/cpu.max': '400000 100000\n',
      '/sys/fs/cgroup/kubepods/cpu.max': '200000 100000\n',
      '/sys/fs/cgroup/cpu.max': '800000 100000\n',
    });
    expect(cpuBudget(read, 16).cpus).toBe(2);
    expect(read.reads).toEqual(
      expect.arrayContaining([
        '/sys/fs/cgroup/kubepods/pod1/cpu.max',
        '/sys/fs/cgroup/kubepods/cpu.max',
        '/sys/fs/cgroup/cpu.max',
      ]),
    );
  });

  it('reads the root cpu.max inside a cgroup namespace (0::/)', () => {
    const read = fakeFs({ '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/cpu.max': '200000 100000\n' });
    expect(cpuBudget(read, 8)).toEqual({ cpus: 2, affinity: 8, cgroupQuota: 2 });
  });

  it('treats "max 100000" as unlimited at that level', () => {
    const read = fakeFs({
      ...v2Membership,
      '/sys/fs/cgroup/kubepods/pod1/cpu.max': 'max 100000\n',
      '/sys/fs/cgroup/kubepods/cpu.max': '500000 100000\n',
    });
    expect(cpuBudget(read, 16)).toEqual({ cpus: 5, affinity: 16, cgroupQuota: 5 });
  });

  it('reports no quota when every level is unlimited', () => {
    const read = fakeFs({ ...v2Membership, '/sys/fs/cgroup/kubepods/pod1/cpu.max': 'max 100000\n' });
    expect(cpuBudget(read, 6)).toEqual({ cpus: 6, affinity: 6, cgroupQuota: undefined });
  });

  it('rounds a fractional quota up (150000/100000 → 2)', () => {
    const read = fakeFs({ ...v2Membership, '/sys/fs/cgroup/kubepods/pod1/cpu.max': '150000 100000' });
    expect(cpuBudget(read, 8).cpus).toBe(2);
  });

  it('never goes below one CPU for a tiny quota (50000/100000)', () => {
    const read = fakeFs({ ...v2Membership, '/sys/fs/cgroup/kubepods/pod1/cpu.max': '50000 100000' });
    expect(cpuBudget(read, 8).cpus).toBe(1);
  });

  it('ignores garbage in cpu.max', () => {
    const read = fakeFs({ ...v2Membership, '/sys/fs/cgroup/kubepods/pod1/cpu.max': 'banana -5\n' });
    expect(cpuBudget(read, 4)).toEqual({ cpus: 4, affinity: 4, cgroupQuota: undefined });
  });

  it('does not read outside /sys/fs/cgroup for a hostile cgroup path', () => {
    const read = fakeFs({ '/proc/self/cgroup': '0::/../../../etc\n', '/etc/cpu.max': '100000 100000' });
    expect(cpuBudget(read, 4).cpus).toBe(4);
    expect(
      read.reads.filter((f) => f !== '/proc/self/cgroup').every((f) => f.startsWith('/sys/fs/cgroup')),
    ).toBe(true);
  });
});

describe('cpuBudget with cgroup v1', () => {
  const membership = { '/proc/self/cgroup': '12:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n' };

  it('treats cfs_quota_us -1 as unlimited', () => {
    const read = fakeFs({
      ...membership,
      '/sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_quota_us': '-1\n',
      '/sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_period_us': '100000\n',
    });
    expect(cpuBudget(read, 8)).toEqual({ cpus: 8, affinity: 8, cgroupQuota: undefined });
  });

  it('divides quota by period (200000/100000 → 2)', () => {
    const read = fakeFs({
      ...membership,
      '/sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_quota_us': '200000\n',
      '/sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_period_us': '100000\n',
    });
    expect(cpuBudget(read, 8)).toEqual({ cpus: 2, affinity: 8, cgroupQuota: 2 });
  });

  it('reads the plain cpu hierarchy too', () => {
    const read = fakeFs({
      '/proc/self/cgroup': '3:cpu:/job\n',
      '/sys/fs/cgroup/cpu/job/cpu.cfs_quota_us': '300000',
      '/sys/fs/cgroup/cpu/job/cpu.cfs_period_us': '100000',
    });
    expect(cpuBudget(read, 8).cpus).toBe(3);
  });

  it('ignores controllers other than cpu (cpuset is not cpu)', () => {
    const read = fakeFs({
      '/proc/self/cgroup': '5:cpuset:/x\n',
      '/sys/fs/cgroup/cpu/x/cpu.cfs_quota_us': '100000',
      '/sys/fs/cgroup/cpu/x/cpu.cfs_period_us': '100000',
    });
    expect(cpuBudget(read, 8).cpus).toBe(8);
  });
});

describe('cpuBudget without cgroups', () => {
  it('falls back to the affinity when no cgroup file exists', () => {
    const read = fakeFs({});
    expect(cpuBudget(read, 5)).toEqual({ cpus: 5, affinity: 5, cgroupQuota: undefined });
  });

  it('keeps the affinity when it is smaller than the quota', () => {
    const read = fakeFs({ ...v2Membership, '/sys/fs/cgroup/kubepods/pod1/cpu.max': '800000 100000' });
    expect(cpuBudget(read, 2)).toEqual({ cpus: 2, affinity: 2, cgroupQuota: 8 });
  });

  it('reports at least one CPU even for a nonsensical affinity of 0', () => {
    expect(cpuBudget(fakeFs({}), 0).cpus).toBe(1);
  });

  it('works against the real machine with the default reader', () => {
    const b = cpuBudget();
    expect(Number.isInteger(b.cpus)).toBe(true);
    expect(b.cpus).toBeGreaterThanOrEqual(1);
    expect(b.cpus).toBeLessThanOrEqual(b.affinity);
  });
});

describe('resolveThreads', () => {
  const budget = (cpus: number): CpuBudget => ({ cpus, affinity: cpus, cgroupQuota: undefined });

  it('"auto" leaves one CPU free when there are several', () => {
    expect(resolveThreads('auto', budget(4))).toBe(3);
    expect(resolveThreads('auto', budget(2))).toBe(1);
  });

  it('"auto" still gives one thread on a single CPU', () => {
    expect(resolveThreads('auto', budget(1))).toBe(1);
  });

  it('caps an explicit number at the CPU budget', () => {
    expect(resolveThreads(8, budget(2))).toBe(2);
    expect(resolveThreads(16, budget(3))).toBe(3);
  });

  it('keeps an explicit number within the budget, including all CPUs', () => {
    expect(resolveThreads(1, budget(4))).toBe(1);
    expect(resolveThreads(4, budget(4))).toBe(4);
  });

  it('is at least one even for an explicit 0', () => {
    expect(resolveThreads(0, budget(4))).toBe(1);
  });
});
