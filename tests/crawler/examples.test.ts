import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixtureSite, type FixtureSite } from '../fixture-site/server.ts'
import { crawl, loadExample, now, shown } from './harness.ts'

let site: FixtureSite
beforeAll(async () => {
  site = await startFixtureSite()
})
afterAll(async () => {
  await site.close()
})

describe('the Discuz! forum example on a GBK board without a charset header', () => {
  it('extracts every thread exactly, reading relative dates against now', async () => {
    const { report, posts } = await crawl(loadExample('discuz-forum.yaml', site.url))
    const thread = (tid: number) => `${site.url}/thread-${tid}-1-1.html`
    expect(posts.map(shown)).toEqual([
      { url: thread(1001), title: '镕城路的路灯坏了半个月', content: '晚上跑步黑漆漆的，报修电话一直没人接。', author: '夜跑的人', publishedAt: '2026-11-20T08:45:00.000Z', day: undefined },
      { url: thread(1002), title: '青溪中学门口的红绿灯终于装好了', content: '点赞交警队，孩子们过马路安全多了！', author: '家长李姐', publishedAt: '2026-11-24T00:05:00.000Z', day: undefined },
      { url: thread(1003), title: '县医院挂号系统又崩了', content: '早上七点就来排队，系统一直显示繁忙。', author: '排队两小时', publishedAt: '2026-11-25T04:30:00.000Z', day: undefined },
      { url: thread(1004), title: '【置顶】本版发帖须知', content: '请文明发言，勿发广告。\n涉及个人信息的内容将被删除。', author: '版主', publishedAt: '2026-11-26T05:00:00.000Z', day: undefined },
      { url: thread(1005), title: '城南菜市场周末临时摊位怎么规划', content: '听说要划出临时摊位，不知道怎么申请？', author: '卖菜的老周', publishedAt: '2026-11-26T06:57:00.000Z', day: undefined },
      { url: thread(1006), title: '青溪大桥夜间施工噪音扰民', content: '连续一周凌晨两点还在打桩，老人孩子都睡不好。\n希望施工方调整作业时间，喆哥也反映过了。', author: '桥边住户', publishedAt: now.toISOString(), day: undefined },
    ])
    // The sticky thread is on both list pages, once with tracking parameters: fetched once.
    expect(report).toMatchObject({ listPages: 2, postPages: 6, queued: 6, known: 0, failures: [], skipped: [] })
    expect(site.hits('/thread-1004-1-1.html')).toBe(1)
  })
})

describe('the news list example on Big5 and GB18030 pages with no charset anywhere', () => {
  it('detects each encoding and extracts the articles exactly', async () => {
    const { report, posts } = await crawl(loadExample('news-list.yaml', site.url))
    expect(report.failures).toEqual([])
    expect(posts.map(shown)).toEqual([
      {
        url: `${site.url}/news/big5.html`,
        title: '青溪縣圖書館週末延長開放',
        content: '為方便學生複習功課，縣圖書館自本週起週末開放時間延長至晚上九點。\n館方表示，閱覽室座位充足，歡迎市民前往，並請遵守館內秩序，保持安靜。',
        author: undefined,
        publishedAt: '2026-11-25T01:30:00.000Z',
        day: undefined,
      },
      {
        url: `${site.url}/news/gb18030.html`,
        title: '吉𠮷小吃店获评放心餐馆',
        content: '县市场监管局公布本年度放心餐馆名单，老街的吉𠮷小吃店榜上有名。\n店主说，食材每天早上从本地菜市场采购，后厨全程公开，欢迎大家监督。',
        author: undefined,
        publishedAt: '2026-11-24T10:05:00.000Z',
        day: undefined,
      },
    ])
  })
})

describe('the feed example on an RSS 2.0 feed in GBK and an Atom feed', () => {
  it('turns each item into a post with its own time, link and text', async () => {
    const { report, posts } = await crawl(loadExample('rss-feed.yaml', site.url))
    expect(report).toMatchObject({ listPages: 2, queued: 4, failures: [] })
    expect(posts.map(shown)).toEqual([
      { url: `${site.url}/gov/notice-301.html`, title: '关于冬季供暖时间的通知', content: '今年供暖自11月15日开始。\n如有问题请拨打热线。', author: '县住建局', publishedAt: '2026-11-25T00:30:00.000Z', day: undefined },
      { url: `${site.url}/gov/notice-302.html`, title: '青溪河 & 青龙湖水质月报', content: '十月水质均达到Ⅲ类标准。', author: undefined, publishedAt: '2026-11-24T08:00:00.000Z', day: undefined },
      { url: `${site.url}/media/76.html`, title: '青溪橘子丰收', content: '今年橘子亩产比去年提高两成。', author: undefined, publishedAt: '2026-11-25T17:40:00.000Z', day: undefined },
      { url: `${site.url}/media/77.html`, title: '县城新公交线路开通', content: '8路公交今起开通，连接高铁站和老城区。\n首末班时间为6:30至21:00。', author: '融媒记者', publishedAt: '2026-11-26T01:15:00.000Z', day: undefined },
    ])
  })
})

describe('the message board example on a paged JSON API', () => {
  it('reads pages until an empty one, with epoch and text dates and HTML bodies as text', async () => {
    const { report, posts } = await crawl(loadExample('message-board.yaml', site.url))
    expect(report).toMatchObject({ listPages: 3, queued: 3, failures: [] })
    expect(site.headersOf('/api/messages?page=1')?.['x-requested-with']).toBe('XMLHttpRequest')
    expect(posts.map(shown)).toEqual([
      { url: `${site.url}/board/thread/88121`, title: '小区门口违章停车', content: '每天早上堵得出不去。', author: '业主', publishedAt: '2026-11-23T09:20:00.000Z', day: undefined },
      { url: `${site.url}/board/thread/88122`, title: '建议增开夜班公交', content: '下晚班后没有公交回家，能否增开夜班车？', author: '上夜班的', publishedAt: '2026-11-26T01:45:00.000Z', day: undefined },
      { url: `${site.url}/board/thread/88123`, title: '老街排水沟堵塞', content: '老街排水沟堵了，一下雨就积水。\n请尽快疏通。', author: '老街居民', publishedAt: '2026-11-26T05:00:00.000Z', day: undefined },
    ])
  })
})

describe('the browser example on posts built by JavaScript', () => {
  it('renders the list and each post in Debian Chromium and extracts what the script wrote', async () => {
    const source = loadExample('js-rendered.yaml', site.url)
    const { report, posts } = await crawl({ ...source, delaySecs: 0 })
    expect(report).toMatchObject({ listPages: 1, postPages: 2, queued: 2, failures: [] })
    expect(posts.map(shown)).toEqual([
      { url: `${site.url}/js/post.html?id=1`, title: '动态留言 1：小区快递柜收费', content: '快递柜超时收费太贵了（第1条）。\n<b>不是标签</b>，只是文字。', author: '住户1', publishedAt: '2026-11-20T17:11:00.000Z', day: undefined },
      { url: `${site.url}/js/post.html?id=2`, title: '动态留言 2：小区快递柜收费', content: '快递柜超时收费太贵了（第2条）。\n<b>不是标签</b>，只是文字。', author: '住户2', publishedAt: '2026-11-21T18:12:00.000Z', day: undefined },
    ])
    expect(site.headersOf('/js/list.html')?.['user-agent']).toMatch(/^yuqing\//)
  })

  it('finds no posts in the same page read without a browser', async () => {
    const source = loadExample('js-rendered.yaml', site.url)
    if (source.kind !== 'browser') throw new Error('the example is a browser source')
    const { report, posts } = await crawl({ ...source, kind: 'html', delaySecs: 0 })
    expect(posts).toEqual([])
    expect(report).toMatchObject({ listPages: 1, postPages: 0 })
  })
})
