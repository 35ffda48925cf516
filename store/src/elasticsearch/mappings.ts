import type { estypes } from '@elastic/elasticsearch'
import type { IndexNames } from './index-names.ts'

/** Above the priority of Elasticsearch's built-in templates, so ours decide for our names. */
const PRIORITY = 200

const keyword = { type: 'keyword' } as const
const date = { type: 'date' } as const
/** Kept in `_source` for display, neither searchable nor aggregatable. */
const shown = { type: 'keyword', index: false, doc_values: false } as const
const shownText = { type: 'text', index: false } as const
/** Arbitrary JSON kept as is: Elasticsearch does not even parse it. */
const opaque = { type: 'object', enabled: false } as const

/**
 * The analyzer of the `words` field. The store indexes `indexText(tokens)`: the analyzer's
 * segmentation, words separated by spaces, so a whitespace tokenizer finds exactly the words
 * SQLite's FTS5 finds. FTS5's unicode61 tokenizer also breaks a word at anything that is not a
 * letter or digit (`c++`, `covid-19`) and folds case; the char filter and lowercase filter do the
 * same here, so a query splits alike on both stores.
 */
export const WORDS_ANALYSIS: estypes.IndicesIndexSettingsAnalysis = {
  char_filter: {
    yuqing_word_breaks: { type: 'pattern_replace', pattern: '[^\\p{L}\\p{N}]+', replacement: ' ' },
  },
  analyzer: {
    yuqing_words: { type: 'custom', tokenizer: 'whitespace', char_filter: ['yuqing_word_breaks'], filter: ['lowercase'] },
  },
}

/**
 * Set when the post is stored with `match` rule hits whose alert is not raised yet, in the post's
 * own document (so with the post or not at all); set to null once the alert is stored. Added after
 * the first release: the store puts it on existing post indices at open as well.
 */
export const PENDING_MATCH_MAPPING = { pendingMatchAt: date } as const satisfies Record<string, estypes.MappingProperty>

/**
 * A person's correction of a post's sentiment (the store's SentimentCorrection). `corrected.of` is
 * null on a copy a person labelled after it had followed: unindexed, so `exists` leaves it out of
 * the followers (`corrected=true` lists it). It must never get a `null_value`.
 */
const SENTIMENT_MAPPING = { properties: { score: { type: 'float' }, label: keyword, corrected: { properties: { by: keyword, at: date, was: keyword, of: keyword } } } } as const

/**
 * The post fields added since the first template: put on the post indices an older template made
 * (strict mappings refuse a field they lack), as well as in the template.
 */
export const ADDED_POST_FIELDS = { ...PENDING_MATCH_MAPPING, sentiment: SENTIMENT_MAPPING, official: { type: 'boolean' } } as const satisfies Record<string, estypes.MappingProperty>

/**
 * One document per post carries everything derived from it: its index words, its hot-word
 * terms and its rule hits. A post is then stored with all of that or not at all, like SQLite's
 * transaction, and saving it again is refused whole (409): counts cannot drift.
 */
export const POST_MAPPINGS: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  properties: {
    id: keyword,
    source: keyword,
    url: shown,
    title: shownText,
    text: shownText,
    author: shown,
    publishedAt: date,
    fetchedAt: date,
    /** Local day `YYYY-MM-DD` and hour `YYYY-MM-DDTHH`: keywords sort and range like the strings SQLite compares. */
    day: keyword,
    hour: keyword,
    /** Storage order (what `postsIn` pages by), from the writing process's clock. */
    seq: { type: 'long' },
    keywords: shown,
    /** `indexText(tokens)`; no frequencies or positions: queries AND single words, as FTS5 with detail=none. */
    words: { type: 'text', analyzer: 'yuqing_words', norms: false, index_options: 'docs' },
    /** Hot-word candidates of the post: the board and trends aggregate over this field. */
    terms: keyword,
    simhash: keyword,
    /** The four 16-bit bands of the SimHash (`0:1a2b` …): any post within 3 bits shares one. */
    bands: keyword,
    duplicateOf: keyword,
    /** True for a near-duplicate: left out of term counts and folded lists. */
    folded: { type: 'boolean' },
    ruleIds: keyword,
    /** Each rule's spans and matched terms on this post, read back as evidence. */
    ruleHits: opaque,
    ...ADDED_POST_FIELDS,
  },
}

const ALERT_STATE: estypes.MappingTypeMapping = {
  dynamic: false,
  properties: { ruleId: keyword, group: keyword, record: opaque },
}

const ALERTS: estypes.MappingTypeMapping = {
  dynamic: false,
  properties: {
    alertId: keyword,
    ruleId: keyword,
    group: keyword,
    state: keyword,
    severity: keyword,
    summary: shownText,
    summaryEn: shownText,
    startsAt: date,
    endsAt: date,
    updatedAt: date,
  },
}

const ALERT_MESSAGES: estypes.MappingTypeMapping = {
  dynamic: false,
  properties: { alertId: keyword, sequence: { type: 'integer' }, message: opaque, suppressed: { type: 'boolean' }, createdAt: date },
}

const ALERT_DELIVERIES: estypes.MappingTypeMapping = {
  dynamic: false,
  properties: {
    key: keyword,
    alertId: keyword,
    sequence: { type: 'integer' },
    channel: keyword,
    createdAt: date,
    deliveredAt: date,
    attempts: { type: 'integer' },
    lastError: shownText,
    givenUp: { type: 'boolean' },
    /** A copy of the message, so the outbox is read in one query. */
    message: opaque,
  },
}

const SILENCES: estypes.MappingTypeMapping = {
  dynamic: false,
  properties: { id: keyword, ruleId: keyword, group: keyword, endsAt: date, createdBy: keyword, comment: shownText, createdAt: date },
}

const USERS: estypes.MappingTypeMapping = {
  dynamic: false,
  properties: { id: keyword, name: keyword, role: keyword, passwordHash: shown, createdAt: date },
}

const SESSIONS: estypes.MappingTypeMapping = {
  dynamic: false,
  properties: { tokenHash: keyword, userId: keyword, csrfToken: shown, createdAt: date, expiresAt: date },
}

const TASKS: estypes.MappingTypeMapping = {
  dynamic: false,
  properties: {
    id: keyword,
    title: shownText,
    state: keyword,
    origin: { properties: { kind: keyword, id: keyword } },
    evidence: opaque,
    department: keyword,
    assignee: keyword,
    dueAt: date,
    rating: { type: 'integer' },
    createdBy: keyword,
    createdAt: date,
    updatedAt: date,
    version: { type: 'integer' },
    /** The task's events, written in the same document: a change and its step land together. */
    history: opaque,
  },
}

const AUDIT: estypes.MappingTypeMapping = {
  dynamic: false,
  properties: { seq: { type: 'long' }, at: date, actor: keyword, action: keyword, target: keyword, address: keyword, status: { type: 'integer' }, details: opaque },
}

const SOURCES: estypes.MappingTypeMapping = {
  dynamic: false,
  properties: { source: keyword, lastGoodAt: date, badRuns: { type: 'integer' }, last: opaque },
}

/** Every index template the store puts at open: name, the index names it covers, settings and mappings. */
export function indexTemplates(names: IndexNames): estypes.IndicesPutIndexTemplateRequest[] {
  const single = (index: string, mappings: estypes.MappingTypeMapping): estypes.IndicesPutIndexTemplateRequest => ({
    name: index,
    index_patterns: [index],
    priority: PRIORITY,
    template: { settings: { number_of_shards: 1 }, mappings },
  })
  return [
    {
      name: names.postsAlias,
      index_patterns: [names.postsPattern],
      priority: PRIORITY,
      template: {
        aliases: { [names.postsAlias]: {} },
        // One shard a month keeps terms aggregations exact within a month; a month of posts of a
        // province is a few GB. Raise it with the template, not in code, for more.
        settings: { number_of_shards: 1, analysis: WORDS_ANALYSIS },
        mappings: POST_MAPPINGS,
      },
    },
    single(names.alertState, ALERT_STATE),
    single(names.alerts, ALERTS),
    single(names.alertMessages, ALERT_MESSAGES),
    single(names.alertDeliveries, ALERT_DELIVERIES),
    single(names.silences, SILENCES),
    single(names.users, USERS),
    single(names.sessions, SESSIONS),
    single(names.tasks, TASKS),
    single(names.audit, AUDIT),
    single(names.sources, SOURCES),
  ]
}

/** The indices that exist from the start (post indices appear with their first post). */
export function fixedIndices(names: IndexNames): string[] {
  return [names.alertState, names.alerts, names.alertMessages, names.alertDeliveries, names.silences, names.users, names.sessions, names.tasks, names.audit, names.sources]
}
