import { describe, expect, it } from 'vitest'
import { parseRobots } from './robots.ts'

const site = 'https://bbs.example.cn'

describe('robots.txt', () => {
  it('uses the group naming yuqing over the * group', () => {
    const robots = parseRobots('User-agent: *\nDisallow: /\n\nUser-agent: Yuqing\nDisallow: /admin\n')
    expect(robots.disallowedBy(`${site}/forum-2-1.html`)).toBeUndefined()
    expect(robots.disallowedBy(`${site}/admin/login`)).toBe('Disallow: /admin')
  })

  it('lets the longest matching rule win, Allow on a tie', () => {
    const robots = parseRobots('User-agent: *\nDisallow: /home/\nAllow: /home/public/\nDisallow: /same\nAllow: /same\n')
    expect(robots.disallowedBy(`${site}/home/secret.html`)).toBe('Disallow: /home/')
    expect(robots.disallowedBy(`${site}/home/public/a.html`)).toBeUndefined()
    expect(robots.disallowedBy(`${site}/same`)).toBeUndefined()
  })

  it('understands * and $ and matches the query too', () => {
    const robots = parseRobots('User-agent: *\nDisallow: /*.php$\nDisallow: /search?*q=\n')
    expect(robots.disallowedBy(`${site}/forum.php`)).toBe('Disallow: /*.php$')
    expect(robots.disallowedBy(`${site}/forum.php?mod=viewthread`)).toBeUndefined()
    expect(robots.disallowedBy(`${site}/search?type=1&q=x`)).toBe('Disallow: /search?*q=')
  })

  it('shares rules among consecutive user-agent lines and ignores comments and blank Disallow', () => {
    const robots = parseRobots('User-agent: a\nUser-agent: *  # everyone\nDisallow: /tmp # scratch\nDisallow:\n')
    expect(robots.disallowedBy(`${site}/tmp/x`)).toBe('Disallow: /tmp')
    expect(parseRobots('User-agent: *\nDisallow:\n').disallowedBy(`${site}/anything`)).toBeUndefined()
  })
})
