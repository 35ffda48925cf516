import { readFileSync } from 'node:fs'
import { parseDocument } from 'yaml'
import { z } from 'zod'
import { InputError } from '@yuqing/core'

/**
 * A field on a page: a CSS selector, optionally `@attribute` to read an attribute instead of the
 * text (`time@datetime`).
 */
const FieldSelector = z.string().min(1)

export const HtmlSource = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  name: z.string().min(1),
  kind: z.literal('html'),
  /** List pages to start from. */
  startUrls: z.array(z.string().url()).min(1),
  /** List pages read per run, following `list.nextPage`. */
  maxPages: z.number().int().positive().default(5),
  /** Extra HTTP headers (e.g. a cookie the site owner gave you). */
  headers: z.record(z.string(), z.string()).default({}),
  list: z.object({
    /** Links to the post pages. */
    postLinks: FieldSelector,
    /** The link to the next list page. */
    nextPage: FieldSelector.optional(),
  }),
  post: z.object({
    title: FieldSelector.optional(),
    content: FieldSelector,
    author: FieldSelector.optional(),
    /** ISO 8601, or `YYYY-MM-DD HH:mm` read in the configured time zone. */
    publishedAt: FieldSelector.optional(),
    /**
     * A regular expression whose first group, matched on the post URL, is the site's own post id
     * (e.g. `tid=(\\d+)`): the post keeps its id when the host, port or URL shape around it changes.
     */
    idFromUrl: z
      .string()
      .refine((p) => {
        try {
          return new RegExp(p).source.includes('(')
        } catch {
          return false
        }
      }, 'expected a regular expression with one (group)')
      .optional(),
  }),
})
export type HtmlSource = z.infer<typeof HtmlSource>
export type Source = HtmlSource

/** Reads and validates one source definition file; errors name the file and the field. */
export function loadSourceFile(file: string): Source {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new InputError('cannot read source definition', { where: file, cause: error })
  }
  const doc = parseDocument(text)
  const yamlError = doc.errors[0]
  if (yamlError) {
    const line = yamlError.linePos?.[0].line
    throw new InputError(yamlError.message.split('\n')[0] ?? 'invalid YAML', { where: line ? `${file}:${line}` : file })
  }
  const parsed = HtmlSource.safeParse(doc.toJS())
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue?.path.join('.') ?? ''
    throw new InputError(`${field ? `field "${field}": ` : ''}${issue?.message ?? 'invalid'}`, { where: file })
  }
  return parsed.data
}
