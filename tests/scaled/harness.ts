import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkRedis } from '@yuqing/core'
import type { WorkerArgs } from './effect-job.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const workerScript = fileURLToPath(new URL('./effect-worker.ts', import.meta.url))

/** A worker process and what it printed, for the failure message when it dies unexpectedly. */
export interface WorkerProcess {
  readonly pid: number
  readonly output: () => string
  readonly exited: Promise<number | null>
  kill(signal: NodeJS.Signals): void
}

/** Starts `effect-worker.ts` in its own Node process and resolves once it is connected. */
export async function startWorker(args: WorkerArgs): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript, JSON.stringify(args)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => {
      if (output.includes('ready\n')) resolve()
    })
    void exited.then((code) => reject(new Error(`worker exited (${code}) before it was ready:\n${output}`)))
  })
  await ready
  return { pid: pidOf(child), output: () => output, exited, kill: (signal) => child.kill(signal) }
}

function pidOf(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error('worker process did not start')
  return child.pid
}

/** A scratch folder for one test: the effect store (a file per job) and the log of handler runs. */
export function scratch(): { dir: string; effectsDir: string; runsFile: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'yuqing-scaled-'))
  const effectsDir = path.join(dir, 'effects')
  mkdirSync(effectsDir)
  return { dir, effectsDir, runsFile: path.join(dir, 'runs.log'), remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export function effectCount(effectsDir: string): number {
  return readdirSync(effectsDir).length
}

/** Job id → pid of the worker that stored its effect. */
export function effects(effectsDir: string): Map<string, number> {
  return new Map(readdirSync(effectsDir).map((id) => [id, Number(readFileSync(path.join(effectsDir, id), 'utf8'))]))
}

/** Every handler run, one job id per run (a redelivered job appears more than once). */
export function runs(runsFile: string): string[] {
  return existsSync(runsFile) ? readFileSync(runsFile, 'utf8').split('\n').filter(Boolean) : []
}

/** Polls until `check` holds; the limit only stops a hung test, it is not what the test asserts. */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, limitMs = 120_000): Promise<void> {
  const giveUpAt = Date.now() + limitMs
  while (!(await check())) {
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** A loopback port nothing listens on: bound, then released. */
export async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/**
 * A redis-server of the test's own, persisting every write to its append-only file before it
 * answers (`appendfsync always`), so a kill loses nothing that was acknowledged.
 */
export interface OwnRedis {
  readonly url: string
  kill(signal: NodeJS.Signals): Promise<void>
  /** Starts the server (again) on the same port and files; resolves once it answers. */
  start(): Promise<void>
}

export async function ownRedis(): Promise<OwnRedis & { remove: () => void }> {
  // Its files on tmpfs where there is one: they outlive the process, which is all a restart needs,
  // and an fsync per write costs nothing there.
  const dir = mkdtempSync(path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'yuqing-redis-'))
  const port = await freePort()
  const url = `redis://127.0.0.1:${port}`
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '']
  let server: ChildProcess | undefined
  return {
    url,
    async start() {
      server = spawn('redis-server', args, { stdio: 'ignore' })
      await waitUntil(`redis-server on port ${port}`, () => checkRedis(url, { timeoutMs: 500 }).then(() => true, () => false), 20_000)
    },
    async kill(signal) {
      if (!server || server.exitCode !== null || server.signalCode !== null) return
      const gone = new Promise((resolve) => server?.once('exit', resolve))
      server.kill(signal)
      await gone
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
