// Small helpers shared by the benches: order statistics and a description of the machine.
import { cpus, loadavg, totalmem, release, platform } from 'node:os';
import { execFileSync } from 'node:child_process';

export function median(values: number[]): number {
  return percentile(values, 0.5);
}

/** linear interpolation between closest ranks; NaN for no values */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = values.slice().sort((a, b) => a - b);
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  platform: string;
  kernel: string;
  node: string;
  commit: string | null;
  /** 1-minute load average when the bench started: other work on the machine skews results */
  loadAverage: number;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  let commit: string | null = null;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    commit = null;
  }
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    platform: platform(),
    kernel: release(),
    node: process.version,
    commit,
    loadAverage: Math.round(loadavg()[0] * 100) / 100,
  };
}

/** 1-minute load average now, rounded */
export function loadNow(): number {
  return Math.round(loadavg()[0] * 100) / 100;
}
