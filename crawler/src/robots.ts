/** The product token robots.txt groups are matched against (RFC 9309: case-insensitive). */
export const ROBOTS_AGENT = 'yuqing'

interface Rule {
  allow: boolean
  path: string
  pattern: RegExp
}

export interface Robots {
  /** The rule that forbids `url`, e.g. `Disallow: /private/`; undefined when it may be fetched. */
  disallowedBy(url: string): string | undefined
}

export const allowAll: Robots = { disallowedBy: () => undefined }

/** Everything forbidden: what RFC 9309 asks for when robots.txt cannot be read for a server fault. */
export function disallowAll(reason: string): Robots {
  return { disallowedBy: () => reason }
}

/**
 * Parses robots.txt (RFC 9309): the group naming our agent, else the `*` group; the longest
 * matching path wins, `Allow` on a tie; `*` and a trailing `$` are wildcards.
 */
export function parseRobots(text: string, agent = ROBOTS_AGENT): Robots {
  const groups = new Map<string, Rule[]>()
  let agents: string[] = []
  let inRules = false
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, '').trim()
    const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line)
    if (!m?.[1]) continue
    const key = m[1].toLowerCase()
    const value = (m[2] ?? '').trim()
    if (key === 'user-agent') {
      // Consecutive user-agent lines share the rules that follow them.
      if (inRules) agents = []
      inRules = false
      agents.push(value.toLowerCase())
      for (const a of agents) if (!groups.has(a)) groups.set(a, [])
    } else if (key === 'allow' || key === 'disallow') {
      inRules = true
      if (!value) continue
      for (const a of agents) groups.get(a)?.push({ allow: key === 'allow', path: value, pattern: toPattern(value) })
    }
  }
  const rules = groups.get(agent.toLowerCase()) ?? groups.get('*') ?? []
  if (rules.length === 0) return allowAll
  return {
    disallowedBy(url) {
      const u = new URL(url)
      const target = safeDecode(u.pathname) + u.search
      let best: Rule | undefined
      for (const rule of rules) {
        if (!rule.pattern.test(target)) continue
        if (!best || rule.path.length > best.path.length || (rule.path.length === best.path.length && rule.allow)) best = rule
      }
      return best && !best.allow ? `Disallow: ${best.path}` : undefined
    },
  }
}

function toPattern(path: string): RegExp {
  const anchored = path.endsWith('$')
  const body = safeDecode(anchored ? path.slice(0, -1) : path)
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  return new RegExp(`^${body}${anchored ? '$' : ''}`)
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}
