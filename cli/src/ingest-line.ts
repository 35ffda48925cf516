import { z } from 'zod'
import { garbledText, postId, type RawPost } from '@yuqing/core'

/** One line of an ingest file. `content` or `text` is required; everything else is optional. */
export const IngestLine = z
  .object({
    id: z.union([z.string().min(1), z.number()]).optional(),
    title: z.string().optional(),
    content: z.string().optional(),
    text: z.string().optional(),
    publishedAt: z.string().datetime({ offset: true }).optional(),
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').optional(),
    url: z.string().url().optional(),
    source: z.string().min(1).optional(),
    author: z.string().optional(),
    /** From a source of official notices or news (see RawPost). */
    official: z.boolean().optional(),
  })
  .refine((line) => (line.content ?? line.text ?? '').trim() !== '', { message: 'needs a non-empty "content" or "text"' })

/** A line's RawPost, or why it cannot be one. */
export function rawPostFromLine(line: string, now: string, defaultSource: string): RawPost | { error: string } {
  const parsed = parseIngestLine(line, now, defaultSource)
  return 'error' in parsed ? parsed : parsed.post
}

/** A line's RawPost and the id the line gave (if any), or why it cannot be read. */
export function parseIngestLine(line: string, now: string, defaultSource: string): { post: RawPost; givenId: string | undefined } | { error: string } {
  let json: unknown
  try {
    json = JSON.parse(line)
  } catch (error) {
    return { error: `not JSON (${error instanceof Error ? error.message : String(error)})` }
  }
  const parsed = IngestLine.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue?.path.join('.')
    return { error: `${field ? `field "${field}": ` : ''}${issue?.message ?? 'invalid'}` }
  }
  const p = parsed.data
  const source = p.source ?? defaultSource
  const content = (p.content ?? p.text ?? '').trim()
  // Text already wrecked by a wrong decoding is refused by name rather than indexed as noise.
  for (const [field, value] of [['title', p.title], [p.content === undefined ? 'text' : 'content', content]] as const) {
    const garbled = value === undefined ? undefined : garbledText(value)
    if (garbled) return { error: `field "${field}": ${garbled}` }
  }
  const givenId = p.id === undefined ? undefined : String(p.id)
  const post: RawPost = {
    id: postId({ source, nativeId: givenId, url: p.url, content }),
    source,
    content,
    fetchedAt: now,
    ...(p.title ? { title: p.title } : {}),
    ...(p.url ? { url: p.url } : {}),
    ...(p.author ? { author: p.author } : {}),
    ...(p.publishedAt ? { publishedAt: p.publishedAt } : {}),
    ...(p.day && !p.publishedAt ? { day: p.day } : {}),
    ...(p.official ? { official: true } : {}),
  }
  return { post, givenId }
}
