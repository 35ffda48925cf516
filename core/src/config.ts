import path from 'node:path'
import { z } from 'zod'
import { InputError } from './errors.ts'
import { isTimeZone } from './time.ts'

/**
 * The whole configuration, one table: field → env var → default, with a line of doc each.
 * Precedence: command-line flags > environment > default. This is the only file that reads
 * `process.env`.
 */
const table = {
  /** Where the SQLite database and other state live. */
  dataDir: { env: 'YUQING_DATA_DIR', schema: z.string().min(1).default('./data') },
  /** Port of the API and dashboard. */
  port: { env: 'YUQING_PORT', schema: z.coerce.number().int().min(0).max(65535).default(8080) },
  /** Address to listen on; loopback by default, `0.0.0.0` to serve the office network. */
  host: { env: 'YUQING_HOST', schema: z.string().min(1).default('127.0.0.1') },
  /** Time zone of days and hours on the board (bucket boundaries). */
  timezone: { env: 'YUQING_TIMEZONE', schema: z.string().min(1).refine(isTimeZone, 'expected an IANA time zone such as Asia/Shanghai').default('Asia/Shanghai') },
  /** Folder of source definitions (`*.yaml`). */
  sourcesDir: { env: 'YUQING_SOURCES_DIR', schema: z.string().min(1).default('./sources') },
  /**
   * Folder of the user's own dictionaries, reloaded when a file changes: `*.stop.txt` are stop-word
   * lists, other `*.txt` user dictionaries (`word frequency [tag]` per line).
   */
  dictDir: { env: 'YUQING_DICT_DIR', schema: z.string().min(1).default('./dict') },
  /**
   * Folder of alert rules (`*.yaml`), reloaded when a file changes. The project's starter rules
   * live in `rules/` beside the code, so a start from the project folder uses them.
   */
  rulesDir: { env: 'YUQING_RULES_DIR', schema: z.string().min(1).default('./rules') },
  /** Alert channels (webhook, DingTalk, WeCom, Feishu, e-mail): a YAML file; none when it is absent. */
  channelsFile: { env: 'YUQING_CHANNELS_FILE', schema: z.string().min(1).default('./channels.yaml') },
  /** Address staff open the dashboard at, for links in alert messages (e.g. `https://yuqing.example.gov.cn`). */
  publicUrl: { env: 'YUQING_PUBLIC_URL', schema: z.url({ protocol: /^https?$/, error: 'expected http(s)://host[:port]' }).optional() },
  /**
   * Let sources and channels reach loopback and private addresses (the office network, this
   * machine). Off: such a URL is refused unless its own file says `allowPrivateNetwork: true`.
   */
  allowPrivateNetworks: { env: 'YUQING_ALLOW_PRIVATE_NETWORKS', schema: booleanFlag().default(false) },
  /**
   * Bearer token Prometheus sends for `/metrics` (`Authorization: Bearer …`). Unset, `/metrics`
   * answers only requests from this machine (loopback).
   */
  metricsToken: { env: 'YUQING_METRICS_TOKEN', schema: z.string().min(16, 'use at least 16 characters').optional() },
  /** Serve and crawl the bundled demo forum (on loopback). */
  demo: { env: 'YUQING_DEMO', schema: booleanFlag().default(true) },
  /** Minutes between two crawls of every source. */
  crawlIntervalMinutes: {
    env: 'YUQING_CRAWL_INTERVAL_MINUTES',
    schema: z.coerce.number().positive().default(10),
  },
  /**
   * Redis for the scaled-out queue (`redis://[user:password@]host:port[/db]`); unset, the queue runs
   * in process. Set but unreachable, the process refuses to start.
   */
  redisUrl: { env: 'REDIS_URL', schema: z.url({ protocol: /^rediss?$/, error: 'expected redis://host:port (or rediss:// for TLS)' }).optional() },
  /** Days of posts the Elasticsearch store keeps (whole monthly indices are dropped); unset, all. */
  retentionDays: { env: 'YUQING_RETENTION_DAYS', schema: z.coerce.number().int().positive().optional() },
  /** Elasticsearch for the scaled-out store; unset, posts go to SQLite under `dataDir`. */
  elasticsearchUrl: { env: 'ELASTICSEARCH_URL', schema: z.url({ protocol: /^https?$/, error: 'expected http(s)://host:port' }).optional() },
  /** debug | info | warn | error */
  logLevel: { env: 'YUQING_LOG_LEVEL', schema: z.enum(['debug', 'info', 'warn', 'error']).default('info') },
} as const

type Table = typeof table
export type Config = { [K in keyof Table]: z.output<Table[K]['schema']> }
export type ConfigOverrides = { [K in keyof Table]?: z.input<Table[K]['schema']> | undefined }

function booleanFlag() {
  return z.union([
    z.boolean(),
    z.enum(['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off']).transform((v) => ['1', 'true', 'yes', 'on'].includes(v)),
  ])
}

/** Reads the configuration once; flags win over the environment, which wins over defaults. */
export function loadConfig(flags: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const out: Record<string, unknown> = {}
  for (const [field, { env: name, schema }] of Object.entries(table)) {
    const flag = (flags as Record<string, unknown>)[field]
    const raw = flag ?? (env[name] === '' ? undefined : env[name])
    const parsed = (schema as z.ZodType).safeParse(raw)
    if (!parsed.success) {
      const origin = flag !== undefined ? `option --${field}` : `environment variable ${name}`
      throw new InputError(`invalid value ${JSON.stringify(raw)}: ${parsed.error.issues[0]?.message ?? 'invalid'}`, {
        where: origin,
      })
    }
    out[field] = parsed.data
  }
  const config = out as Config
  return {
    ...config,
    dataDir: path.resolve(config.dataDir),
    sourcesDir: path.resolve(config.sourcesDir),
    dictDir: path.resolve(config.dictDir),
    rulesDir: path.resolve(config.rulesDir),
    channelsFile: path.resolve(config.channelsFile),
  }
}

/** The table itself, for `yuqing --help` and the README. */
export function describeConfig(): { field: string; env: string }[] {
  return Object.entries(table).map(([field, { env }]) => ({ field, env }))
}

/**
 * The folder the user ran the command from. `pnpm yuqing …` runs scripts from the workspace root
 * and names the user's folder in INIT_CWD; relative paths in flags are the user's.
 */
export function invocationDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.INIT_CWD ?? process.cwd()
}
