/**
 * A BullMQ worker process for the queue benchmark: takes `{ id, n }` jobs and does nothing with
 * them, so what is measured is the queue itself. Usage: tsx tests/bench/queue-worker.ts REDIS_URL
 * QUEUE CONCURRENCY. Prints "ready" once connected, starts taking jobs at a line on stdin, so the
 * clock starts with every worker at the line; SIGTERM closes it.
 */
import { BullQueue, InputError } from '@yuqing/core'
import { parseBenchJob } from './queue.ts'

const [redisUrl, name, concurrency] = process.argv.slice(2)
if (!redisUrl || !name) throw new InputError('usage: queue-worker.ts REDIS_URL QUEUE [CONCURRENCY]', { where: 'argv' })

const queue = new BullQueue(name, { redisUrl, schema: parseBenchJob, jobId: (job) => job.id })
process.stdin.once('data', () => queue.process(async () => {}, { concurrency: Number(concurrency ?? 50) }))
process.on('SIGTERM', () => {
  void queue.close().then(() => process.exit(0))
})
await queue.ready()
process.stdout.write('ready\n')

