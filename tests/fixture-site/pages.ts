/**
 * The fixture site's other pages: a news list whose articles come in Big5 and GB18030 with no
 * charset anywhere, feeds, a message-board JSON API, pages built by JavaScript, and the awkward
 * cases list (robots, redirect loop, 20 MB, slow, flaky, 404, malformed).
 */
export const ROBOTS_TXT = `# 青溪 fixture site
User-agent: BadBot
Disallow: /

User-agent: *
Disallow: /cases/private/
Allow: /cases/private-notes.html
`

const utf8Page = (title: string, body: string) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`

export const NEWS_LIST = utf8Page(
  '青溪新闻网',
  `<ul class="news-list">
<li><a href="/news/big5.html">青溪縣圖書館週末延長開放</a><span>2026/11/25</span></li>
<li><a href="/news/gb18030.html">吉𠮷小吃店获评放心餐馆</a><span>2026-11-24</span></li>
</ul>`,
)

/** Served in Big5 with neither a header charset nor a `<meta>`: only detection can read it. */
export const NEWS_BIG5 = `<html><head><title>青溪縣圖書館週末延長開放</title></head><body>
<h1 class="article-title">青溪縣圖書館週末延長開放</h1>
<div class="article-info"><span class="pubtime">發布時間：2026/11/25 09:30</span> <span class="source">來源：青溪日報</span></div>
<div class="article-body"><p>為方便學生複習功課，縣圖書館自本週起週末開放時間延長至晚上九點。</p>
<p>館方表示，閱覽室座位充足，歡迎市民前往，並請遵守館內秩序，保持安靜。</p></div>
</body></html>`

/** Served in GB18030 (a character outside GBK included) with no charset anywhere. */
export const NEWS_GB18030 = `<html><head><title>吉𠮷小吃店获评放心餐馆</title></head><body>
<h1 class="article-title">吉𠮷小吃店获评放心餐馆</h1>
<div class="article-info"><span class="pubtime">发布时间：2026年11月24日 18:05</span> <span class="source">来源：青溪融媒</span></div>
<div class="article-body"><p>县市场监管局公布本年度放心餐馆名单，老街的吉𠮷小吃店榜上有名。</p>
<p>店主说，食材每天早上从本地菜市场采购，后厨全程公开，欢迎大家监督。</p></div>
</body></html>`

export const RSS = `<?xml version="1.0" encoding="gbk"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>青溪政务公开</title><link>http://example.invalid/</link><description>通知公告</description>
<item><title>关于冬季供暖时间的通知</title><link>/gov/notice-301.html</link><guid isPermaLink="false">notice-301</guid>
<description><![CDATA[<p>今年供暖自11月15日开始。</p><p>如有问题请拨打热线。</p>]]></description>
<pubDate>Wed, 25 Nov 2026 08:30:00 +0800</pubDate><dc:creator>县住建局</dc:creator></item>
<item><title>青溪河 &amp; 青龙湖水质月报</title><link>/gov/notice-302.html</link><guid isPermaLink="false">notice-302</guid>
<description>十月水质均达到Ⅲ类标准。</description><pubDate>Tue, 24 Nov 2026 16:00:00 +0800</pubDate></item>
</channel></rss>`

export const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>青溪融媒</title><id>urn:qingxi:media</id><updated>2026-11-26T10:00:00+08:00</updated>
<entry><title type="html">县城&lt;b&gt;新公交线路&lt;/b&gt;开通</title><id>urn:qingxi:media:77</id>
<link rel="alternate" href="/media/77.html"/><link rel="enclosure" href="/media/77.mp4"/>
<published>2026-11-26T09:15:00+08:00</published><updated>2026-11-26T10:00:00+08:00</updated><author><name>融媒记者</name></author>
<content type="html">&lt;p&gt;8路公交今起开通，连接高铁站和老城区。&lt;/p&gt;&lt;p&gt;首末班时间为6:30至21:00。&lt;/p&gt;</content></entry>
<entry><title>青溪橘子丰收</title><id>urn:qingxi:media:76</id><link href="/media/76.html"/>
<updated>2026-11-25T17:40:00Z</updated><summary>今年橘子亩产比去年提高两成。</summary></entry>
</feed>`

interface Message {
  tid: number
  subject: string
  body: string
  nick: string
  ctime: number | string
}

/** A 领导留言板-style board: pages of messages, newest first, then an empty page. */
export const MESSAGES: readonly (readonly Message[])[] = [
  [
    { tid: 88123, subject: '老街排水沟堵塞', body: '<p>老街排水沟堵了，一下雨就积水。</p><p>请尽快疏通。</p>', nick: '老街居民', ctime: 1795669200 },
    { tid: 88122, subject: '建议增开夜班公交', body: '下晚班后没有公交回家，能否增开夜班车？', nick: '上夜班的', ctime: 1795657500 },
  ],
  [{ tid: 88121, subject: '小区门口违章停车', body: '<div>每天早上堵得出不去。</div>', nick: '业主', ctime: '2026-11-23 17:20' }],
  [],
]

export function messagesPage(page: number): string {
  const list = (MESSAGES[page - 1] ?? []).map((m) => ({ tid: m.tid, subject: m.subject, body: m.body, user: { nick: m.nick }, ctime: m.ctime, link: `/board/thread/${m.tid}` }))
  return JSON.stringify({ code: 0, msg: 'ok', data: { page, list } })
}

/** Posts only a browser sees: the list and each post are built by script from JSON. */
export function jsList(count: number): string {
  return utf8Page(
    '青溪留言（动态）',
    `<div id="app">加载中…</div>
<script>
setTimeout(() => {
  const ids = Array.from({ length: ${count} }, (_, i) => i + 1)
  document.getElementById('app').innerHTML = ids.map((id) => '<a class="post" href="/js/post.html?id=' + id + '">留言 ' + id + '</a>').join('')
}, 30)
</script>`,
  )
}

export const JS_POST = utf8Page(
  '留言',
  `<article id="post"></article>
<script>
const id = new URLSearchParams(location.search).get('id')
fetch('/js/data/' + id + '.json').then((r) => r.json()).then((p) => {
  const el = document.getElementById('post')
  el.innerHTML = '<h1 class="title"></h1><span class="author"></span><time></time><div class="content"></div>'
  el.querySelector('.title').textContent = p.title
  el.querySelector('.author').textContent = p.author
  el.querySelector('time').setAttribute('datetime', p.time)
  el.querySelector('.content').innerHTML = p.paragraphs.map((t) => '<p></p>').join('')
  el.querySelectorAll('.content p').forEach((node, i) => { node.textContent = p.paragraphs[i] })
})
</script>`,
)

export function jsPostData(id: number): string {
  return JSON.stringify({
    title: `动态留言 ${id}：小区快递柜收费`,
    author: `住户${id}`,
    time: `2026-11-2${id % 6} 0${id % 10}:1${id % 6}`,
    paragraphs: [`快递柜超时收费太贵了（第${id}条）。`, '<b>不是标签</b>，只是文字。'],
  })
}

export const CASES_LIST = utf8Page(
  '疑难页面',
  `<ul>
<li><a class="case" href="/cases/malformed.html">malformed</a></li>
<li><a class="case" href="/cases/flaky.html">flaky</a></li>
<li><a class="case" href="/cases/private/secret.html">private</a></li>
<li><a class="case" href="/cases/loop.html">loop</a></li>
<li><a class="case" href="/cases/huge.html">huge</a></li>
<li><a class="case" href="/cases/slow.html">slow</a></li>
<li><a class="case" href="/cases/gone.html">gone</a></li>
<li><a class="case" href="mailto:admin@example.invalid">mail</a></li>
</ul>`,
)

/** Unclosed tags, a stray `</div>`, an unquoted attribute, a script inside the body. */
export const MALFORMED = `<html><head><title>残缺页面</title><body>
<h1>路面塌陷<b>无人处理</h1></div>
<span class=author>热心市民</span><time datetime=2026-11-25T20:10:00+08:00>昨晚</time>
<div class=body><p>东门路口塌了一个坑<p>已经三天了<script>alert(1)</script><br>希望尽快修`

export const FLAKY_POST = utf8Page(
  '服务器恢复后的帖子',
  `<h1>停水通知（重发）</h1><span class="author">自来水公司</span><time datetime="2026-11-26T08:00:00+08:00">今天 08:00</time><div class="body"><p>明天上午九点到十二点停水检修。</p></div>`,
)
