import { createHash } from 'node:crypto'
import type { AlertMessage } from '@yuqing/core'
import { messageOf } from '@yuqing/core'
import nodemailer from 'nodemailer'
import { viewOf } from './alert-view.ts'
import type { Channel, SendContext } from './channel.ts'
import { DeliveryRejected, RetryLater } from './channel.ts'
import { renderEmail } from './render-email.ts'

export interface SmtpSettings {
  host: string
  port: number
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean
  /** Refuse to send unencrypted when the server does not offer STARTTLS. */
  requireTLS?: boolean
  user?: string
  pass?: string
  /** Accept a self-signed server certificate (an office relay); off by default. */
  allowSelfSigned?: boolean
}

export interface EmailOptions {
  id: string
  smtp: SmtpSettings
  from: string
  to: string[]
  /** Connection, greeting and socket timeouts (ms). */
  timeoutMs: number
}

/** Codes for failures that a later attempt can get past: the connection, not the message, failed. */
const TRANSIENT = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROTOCOL'])

/**
 * E-mail through an SMTP server (nodemailer): an HTML part and a plain-text part. The Message-ID
 * is derived from the idempotency key, so a resend after a lost reply is the same mail to any
 * client that folds duplicates.
 */
export function emailChannel(options: EmailOptions): Channel {
  const where = `channel ${options.id} (smtp ${options.smtp.host}:${options.smtp.port})`
  const transport = nodemailer.createTransport({
    host: options.smtp.host,
    port: options.smtp.port,
    secure: options.smtp.secure,
    requireTLS: options.smtp.requireTLS ?? false,
    ...(options.smtp.user === undefined ? {} : { auth: { user: options.smtp.user, pass: options.smtp.pass ?? '' } }),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    tls: { rejectUnauthorized: !(options.smtp.allowSelfSigned ?? false) },
  })
  /** Recipients still owed a message, by key: a retry after a partial refusal goes to them alone. */
  const owed = new Map<string, string[]>()
  return {
    id: options.id,
    kind: 'email',
    async send(message: AlertMessage, context: SendContext) {
      const mail = renderEmail(viewOf(message))
      const to = owed.get(context.key) ?? options.to
      let info: { accepted: unknown[]; rejected: unknown[]; rejectedErrors?: { responseCode?: number | undefined; message: string }[] | undefined }
      try {
        info = await transport.sendMail({
          from: options.from,
          to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: `<${createHash('sha256').update(context.key).digest('hex').slice(0, 32)}@yuqing>`,
          headers: { 'X-Yuqing-Idempotency-Key': context.key },
          signal: context.signal,
        })
      } catch (error) {
        if (context.signal.aborted) throw new RetryLater(`no reply within ${context.timeoutMs} ms`, { where, cause: error })
        throw smtpError(error, where)
      }
      if (info.rejected.length === 0) {
        owed.delete(context.key)
        return
      }
      // Some recipients got it and some did not: only those may be sent it again.
      const rejected = to.filter((address) => info.rejected.some((r) => String(r).toLowerCase() === bareAddress(address)))
      const reasons = (info.rejectedErrors ?? []).map((e) => e.message).join('; ')
      const temporary = (info.rejectedErrors ?? []).some((e) => e.responseCode === undefined || e.responseCode < 500)
      if (!temporary) {
        owed.delete(context.key)
        throw new DeliveryRejected(`SMTP refused ${info.rejected.join(', ')}: ${reasons}`, { where })
      }
      owed.set(context.key, rejected.length > 0 ? rejected : to)
      throw new RetryLater(`SMTP refused ${info.rejected.join(', ')} for now: ${reasons}`, { where })
    },
    async close() {
      transport.close()
    },
  }
}

/** `名字 <a@b.cn>` → `a@b.cn`, as the server's lists name recipients. */
function bareAddress(address: string): string {
  return (/<([^>]*)>\s*$/.exec(address)?.[1] ?? address).trim().toLowerCase()
}

function smtpError(error: unknown, where: string): RetryLater | DeliveryRejected {
  const detail = error as { code?: unknown; responseCode?: unknown; permanent?: unknown }
  const text = `SMTP: ${messageOf(error)}`
  // A 4xx reply says "not now" (RFC 5321 §4.2.1); a 5xx reply refuses the message itself.
  if (typeof detail.responseCode === 'number') {
    return detail.permanent === false || (detail.responseCode >= 400 && detail.responseCode < 500)
      ? new RetryLater(text, { where, cause: error })
      : new DeliveryRejected(text, { where, cause: error, code: detail.responseCode })
  }
  if (typeof detail.code === 'string' && TRANSIENT.has(detail.code)) return new RetryLater(text, { where, cause: error })
  return new DeliveryRejected(text, { where, cause: error, ...(typeof detail.code === 'string' ? { code: detail.code } : {}) })
}
