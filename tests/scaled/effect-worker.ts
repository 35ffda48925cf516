/**
 * A worker process of the scaled-out tests: takes jobs off a BullMQ queue and stores each job's
 * effect idempotently — one file per job id, linked into place exclusively, so a redelivered job (BullMQ is
 * at least once) changes nothing — and appends a line as each handler run starts, to count redeliveries.
 * Usage: tsx tests/scaled/effect-worker.ts '<WorkerArgs as JSON>'. Prints "ready" once connected;
 * SIGTERM closes it gracefully (running jobs finish).
 */
import { appendFileSync, linkSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { BullQueue } from '@yuqing/core'
import { parseEffectJob, parseWorkerArgs } from './effect-job.ts'

const args = parseWorkerArgs(process.argv[2])
const staging = `${args.effectsDir}.staging`
mkdirSync(staging, { recursive: true })
const queue = new BullQueue(args.queue, {
  redisUrl: args.redisUrl,
  schema: parseEffectJob,
  jobId: (job) => job.id,
  stalled: { lockMs: args.lockMs, checkEveryMs: args.stalledCheckMs },
})

queue.process(
  async (job) => {
    appendFileSync(args.runsFile, `${job.id}\n`)
    // Stands for the analysis before the write, and lets jobs overlap inside one worker.
    await new Promise((resolve) => setTimeout(resolve, args.workMs))
    // Written aside, then linked into place: the effect appears whole or not at all, even under
    // SIGKILL (a file created empty and killed before its content was a flaky "pid 0").
    const staged = path.join(staging, `${job.id}.${process.pid}`)
    writeFileSync(staged, String(process.pid))
    try {
      linkSync(staged, path.join(args.effectsDir, job.id))
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error
    } finally {
      unlinkSync(staged)
    }
  },
  { concurrency: args.concurrency },
)

process.on('SIGTERM', () => {
  void queue.close().then(() => process.exit(0))
})
await queue.ready()
process.stdout.write('ready\n')
