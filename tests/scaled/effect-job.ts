import { InputError } from '@yuqing/core'

/** A job of the scaled-out tests; its id names the file its effect is stored in. */
export interface EffectJob {
  id: string
  n: number
}

/** The queue's schema for `EffectJob`: the id becomes a file name, so only `[\w-]` may pass. */
export function parseEffectJob(data: unknown): EffectJob {
  const job = data as Partial<Record<keyof EffectJob, unknown>> | null
  if (typeof job !== 'object' || job === null) throw new InputError('expected an object')
  if (typeof job.id !== 'string' || !/^[\w-]{1,64}$/.test(job.id)) throw new InputError('id: expected 1-64 letters, digits, _ or -')
  if (typeof job.n !== 'number') throw new InputError('n: expected a number')
  return { id: job.id, n: job.n }
}

export function effectJobs(count: number, offset = 0): EffectJob[] {
  return Array.from({ length: count }, (_, i) => ({ id: `job-${offset + i}`, n: offset + i }))
}

/** What a worker process is told on its command line. */
export interface WorkerArgs {
  redisUrl: string
  queue: string
  effectsDir: string
  runsFile: string
  concurrency: number
  /** Pretend work per job before its effect is stored. */
  workMs: number
  lockMs: number
  stalledCheckMs: number
}

export function parseWorkerArgs(json: string | undefined): WorkerArgs {
  const args = JSON.parse(json ?? 'null') as Partial<Record<keyof WorkerArgs, unknown>> | null
  if (typeof args !== 'object' || args === null) throw new InputError('expected the worker arguments as a JSON object', { where: 'argv[2]' })
  const text = (key: keyof WorkerArgs): string => {
    const value = args[key]
    if (typeof value !== 'string') throw new InputError(`${key}: expected a string`, { where: 'argv[2]' })
    return value
  }
  const count = (key: keyof WorkerArgs): number => {
    const value = args[key]
    if (typeof value !== 'number' || !(value >= 0)) throw new InputError(`${key}: expected a number ≥ 0`, { where: 'argv[2]' })
    return value
  }
  return {
    redisUrl: text('redisUrl'),
    queue: text('queue'),
    effectsDir: text('effectsDir'),
    runsFile: text('runsFile'),
    concurrency: count('concurrency'),
    workMs: count('workMs'),
    lockMs: count('lockMs'),
    stalledCheckMs: count('stalledCheckMs'),
  }
}
