/**
 * A worker process of the scaled-out tests: takes jobs off a BullMQ queue and stores each job's
 * effect idempotently — one file per job id, created exclusively, so a redelivered job (BullMQ is
 * at least once) changes nothing — and appends a line as each handler run starts, to count redeliveries.
 * Usage: tsx tests/scaled/effect-worker.ts '<WorkerArgs as JSON>'. Prints "ready" once connected;
 * SIGTERM closes it gracefully (running jobs finish).
 */
import { appendFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { BullQueue } from '@yuqing/core'
import { parseEffectJob, parseWorkerArgs } from './effect-job.ts'

const args = parseWorkerArgs(process.argv[2])
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
    try {
      writeFileSync(path.join(args.effectsDir, job.id), String(process.pid), { flag: 'wx' })
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error
    }
  },
  { concurrency: args.concurrency },
)

process.on('SIGTERM', () => {
  void queue.close().then(() => process.exit(0))
})
await queue.ready()
process.stdout.write('ready\n')
