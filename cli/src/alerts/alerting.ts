import { existsSync, readFileSync, watch } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { InputError, messageOf, type AlertMessage, type Config, type Logger } from '@yuqing/core'
import { createChannels, Notifier, parseChannels, type ChannelConfig } from '@yuqing/notify'
import { loadRuleFiles, type RuleFiles } from '@yuqing/rules'
import type { Store } from '@yuqing/store'
import { Dispatcher, type Deliver } from './dispatcher.ts'
import { AlertEngine } from './engine.ts'
import { alertFailingSources } from './failing-sources.ts'
import { remindOverdue } from './overdue.ts'

/** Window rules are evaluated this often (the issue asks for at least every 10 s). */
export const TICK_MS = 10_000
/** The outbox is also read this often, for messages another process (`yuqing ingest`) queued. */
const OUTBOX_POLL_MS = 5_000
/** Open tasks past their due time (督办 reminders) and failing sources are looked for this often. */
const OVERDUE_MS = 60_000

/** The dashboard's page of an alert. */
export function alertLink(publicUrl: string, alertId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/#/alerts/${encodeURIComponent(alertId)}`
}

/** Channels of the configured file; none when it is absent; a broken file is an InputError naming it. */
export function loadChannels(file: string): ChannelConfig[] {
  if (!existsSync(file)) return []
  let value: unknown
  try {
    value = parseYaml(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new InputError(`cannot read the channel configuration: ${messageOf(error)}`, { where: file, cause: error })
  }
  return parseChannels(value ?? [], file)
}

/** Rules of the configured folder, broken ones logged with file:line and skipped. */
export async function loadRules(dir: string, logger: Logger): Promise<RuleFiles> {
  if (!existsSync(dir)) return { rules: [], errors: [] }
  const files = await loadRuleFiles(dir)
  for (const error of files.errors) logger.error('rule skipped', { where: `${error.file}:${error.line}`, reason: error.message })
  return files
}

/** An engine with the configured rules and channel ids, for paths that only record (ingest). */
export async function openAlertEngine(config: Config, store: Store, logger: Logger): Promise<AlertEngine> {
  const channels = loadChannels(config.channelsFile).map((c) => c.id)
  const engine = new AlertEngine({ store, bucketZone: config.timezone, channels: () => channels, logger })
  engine.setRules(await loadRules(config.rulesDir, logger))
  return engine
}

export interface Alerting {
  engine: AlertEngine
  dispatcher: Dispatcher
  stop(): Promise<void>
}

export interface AlertingOptions {
  logger: Logger
  /** Every message as it is stored (alerts and 督办 reminders): the dashboard's live feed. */
  publish?: (message: AlertMessage) => void
  tickMs?: number
}

/**
 * The rules and notify roles in this process: the engine with the configured rules (reloaded when
 * a rule file changes), window rules evaluated every `tickMs`, and the outbox delivered to the
 * configured channels, starting with whatever a previous run left undelivered.
 */
export async function startAlerting(config: Config, store: Store, options: AlertingOptions): Promise<Alerting> {
  const { logger } = options
  const configs = loadChannels(config.channelsFile)
  const notifier = new Notifier({
    channels: createChannels(configs, { allowPrivateNetworks: config.allowPrivateNetworks }),
    // The dispatcher records deliveries in the outbox; the notifier only asks it what was delivered.
    log: { wasDelivered: (key) => store.alerts.wasDelivered(key), markDelivered: async () => undefined },
    logger,
  })
  const deliver: Deliver = async (channel, message) => {
    const result = await notifier.deliverTo(channel, message)
    if (result.ok) return { ok: true }
    // The notifier has retried as its policy allows; a refusal that retrying cannot fix is final.
    return { ok: false, retryable: result.retryable, error: result.error ?? 'not delivered' }
  }
  const dispatcher = new Dispatcher({ alerts: store.alerts, deliver, logger })
  const engine = new AlertEngine({
    store,
    bucketZone: config.timezone,
    channels: () => notifier.channelIds,
    logger,
    ...(config.publicUrl ? { link: (alertId: string) => alertLink(config.publicUrl ?? '', alertId) } : {}),
    onMessage: (message, queued) => {
      options.publish?.(message)
      if (queued) dispatcher.wake()
    },
  })
  engine.setRules(await loadRules(config.rulesDir, logger))
  logger.info('alerting', { rules: engine.ruleCount, channels: notifier.channelIds.length, rulesDir: config.rulesDir })
  if (notifier.channelIds.length === 0) logger.info(`no alert channels: alerts show on the dashboard only (configure ${config.channelsFile})`)

  // Alerts of posts a crash left "pending match" (see AlertEngine); then again on every tick.
  engine.sweepPendingMatches().catch((error: unknown) => logger.error('pending match alerts not swept', { reason: messageOf(error) }))
  const tick = setInterval(() => {
    engine.tick().catch((error: unknown) => logger.error('rules not evaluated', { reason: messageOf(error) }))
  }, options.tickMs ?? TICK_MS)
  tick.unref()
  const remind = async () => {
    const checks = [
      { what: 'overdue tasks', raise: remindOverdue },
      { what: 'failing sources', raise: alertFailingSources },
    ]
    for (const { what, raise } of checks) {
      try {
        const queued = await raise(store, notifier.channelIds, config.timezone, new Date())
        for (const message of queued) options.publish?.(message)
        if (queued.length > 0) dispatcher.wake()
      } catch (error) {
        logger.error(`${what} not checked`, { reason: messageOf(error) })
      }
    }
  }
  const overdue = setInterval(() => void remind(), OVERDUE_MS)
  overdue.unref()
  void remind()
  const poll = setInterval(() => dispatcher.wake(), OUTBOX_POLL_MS)
  poll.unref()
  dispatcher.wake()

  let reload: NodeJS.Timeout | undefined
  const watcher = existsSync(config.rulesDir)
    ? watch(config.rulesDir, () => {
        // Editors write a file in several steps: wait for them to settle.
        clearTimeout(reload)
        reload = setTimeout(() => {
          loadRules(config.rulesDir, logger).then(
            (files) => {
              engine.setRules(files)
              logger.info('rules reloaded', { rules: files.rules.length, errors: files.errors.length })
            },
            // A folder that cannot be read now (moved, permissions) keeps the rules already loaded.
            (error: unknown) => logger.error('rules not reloaded; keeping the loaded ones', { reason: messageOf(error) }),
          )
        }, 500)
      })
    : undefined
  watcher?.unref()

  return {
    engine,
    dispatcher,
    async stop() {
      clearInterval(tick)
      clearInterval(overdue)
      clearInterval(poll)
      clearTimeout(reload)
      watcher?.close()
      await dispatcher.stop()
      await notifier.close()
    },
  }
}
