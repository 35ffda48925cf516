/**
 * Queue throughput: 100,000 small jobs through the in-process queue, one BullMQ worker process
 * and two, measured in the same run. `benchQueue()` is what `pnpm bench` calls; run alone with
 * `tsx tests/bench/queue.ts [JOBS]` (Redis from REDIS_URL, else 127.0.0.1:6379).
 */
import { spawn } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { BullQueue, InputError, MemoryQueue, checkRedis, loadConfig, messageOf, redactRedisUrl } from '@yuqing/core'

export interface QueueBenchRow {
  queue: string
  jobs: number
  seconds: number
  jobsPerSecond: number
}

export interface QueueBenchOptions {
  /** Defaults to REDIS_URL, else the local Redis. */
  redisUrl?: string
  jobs?: number
  /** Jobs each worker handles at once. */
  concurrency?: number
  log?: (line: string) => void
}

const workerScript = fileURLToPath(new URL('./queue-worker.ts', import.meta.url))
const root = fileURLToPath(new URL('../..', import.meta.url))

export function parseBenchJob(data: unknown): { id: string; n: number } {
  const job = data as { id?: unknown; n?: unknown } | null
  if (typeof job?.id !== 'string' || typeof job.n !== 'number') throw new InputError('expected { id: string, n: number }')
  return { id: job.id, n: job.n }
}

function benchJobs(count: number, run: string): { id: string; n: number }[] {
  return Array.from({ length: count }, (_, n) => ({ id: `${run}-${n}`, n }))
}

/** Runs the three measurements in turn and prints a line for each; skips BullMQ without Redis. */
export async function benchQueue(options: QueueBenchOptions = {}): Promise<QueueBenchRow[]> {
  const jobs = options.jobs ?? 100_000
  const concurrency = options.concurrency ?? 50
  const log = options.log ?? ((line: string) => console.log(line))
  const redisUrl = options.redisUrl ?? loadConfig().redisUrl ?? 'redis://127.0.0.1:6379'
  const rows: QueueBenchRow[] = []
  const report = (row: QueueBenchRow) => {
    rows.push(row)
    log(`queue bench: ${row.queue.padEnd(28)} ${row.jobs} jobs in ${row.seconds.toFixed(2)} s = ${Math.round(row.jobsPerSecond)} jobs/s`)
  }

  // Each run fills the queue first and then lets the workers go: what is timed is the draining.
  const memory = new MemoryQueue<{ id: string; n: number }>('bench')
  await memory.addBulk(benchJobs(jobs, 'memory'))
  const memoryStart = performance.now()
  memory.process(async () => {}, { concurrency })
  await memory.idle()
  report(row('in-process (MemoryQueue)', jobs, memoryStart))
  await memory.close()

  try {
    await checkRedis(redisUrl)
  } catch (error) {
    log(`queue bench: BullMQ not measured: ${messageOf(error)}`)
    return rows
  }
  for (const workers of [1, 2]) {
    const name = `bench-${process.pid}-${workers}`
    const producer = new BullQueue(name, { redisUrl, schema: parseBenchJob, jobId: (job) => job.id })
    const children = await Promise.all(Array.from({ length: workers }, () => startWorker(redisUrl, name, concurrency)))
    try {
      const addStart = performance.now()
      await producer.addBulk(benchJobs(jobs, name))
      const addSeconds = (performance.now() - addStart) / 1000
      const start = performance.now()
      for (const child of children) child.go()
      await producer.idle()
      report(row(`BullMQ, ${workers} worker process${workers > 1 ? 'es' : ''}`, jobs, start))
      log(`queue bench:   (adding them took ${addSeconds.toFixed(2)} s = ${Math.round(jobs / addSeconds)} jobs/s; Redis ${redactRedisUrl(redisUrl)})`)
    } finally {
      await Promise.all(children.map((child) => child.stop()))
      await producer.obliterate()
    }
  }
  return rows
}

function row(queue: string, jobs: number, start: number): QueueBenchRow {
  const seconds = (performance.now() - start) / 1000
  return { queue, jobs, seconds, jobsPerSecond: jobs / seconds }
}

/** Starts a worker process and resolves once it is connected; it takes jobs from `go()` on. */
async function startWorker(redisUrl: string, name: string, concurrency: number): Promise<{ go: () => void; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript, redisUrl, name, String(concurrency)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve()
    })
    void exited.then(() => reject(new Error('queue bench: a worker process exited before it was ready')))
  })
  return {
    go: () => child.stdin.write('go\n'),
    stop: async () => {
      child.kill('SIGTERM')
      await exited
    },
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchQueue(process.argv[2] ? { jobs: Number(process.argv[2]) } : {})
}
