/**
 * A Discuz!-style county board in GBK: `forum-2-N.html` lists (a sticky thread on every page, as
 * Discuz shows it), `thread-TID-1-1.html` threads whose first floor is the post and whose replies
 * must not be taken for it. Dates are written the way Discuz writes them: `刚刚`, `3 分钟前`,
 * `昨天 12:30`, `11-20 16:45`.
 */
export interface ForumThread {
  tid: number
  title: string
  author: string
  /** The date text as the page shows it. */
  shown: string
  paragraphs: string[]
}

/** The threads every fixture forum has, newest first; tests assert them exactly. */
export const FORUM_THREADS: readonly ForumThread[] = [
  { tid: 1006, title: '青溪大桥夜间施工噪音扰民', author: '桥边住户', shown: '刚刚', paragraphs: ['连续一周凌晨两点还在打桩，老人孩子都睡不好。', '希望施工方调整作业时间，喆哥也反映过了。'] },
  { tid: 1005, title: '城南菜市场周末临时摊位怎么规划', author: '卖菜的老周', shown: '3 分钟前', paragraphs: ['听说要划出临时摊位，不知道怎么申请？'] },
  { tid: 1004, title: '【置顶】本版发帖须知', author: '版主', shown: '2 小时前', paragraphs: ['请文明发言，勿发广告。', '涉及个人信息的内容将被删除。'] },
  { tid: 1003, title: '县医院挂号系统又崩了', author: '排队两小时', shown: '昨天 12:30', paragraphs: ['早上七点就来排队，系统一直显示繁忙。'] },
  { tid: 1002, title: '青溪中学门口的红绿灯终于装好了', author: '家长李姐', shown: '前天 08:05', paragraphs: ['点赞交警队，孩子们过马路安全多了！'] },
  { tid: 1001, title: '镕城路的路灯坏了半个月', author: '夜跑的人', shown: '11-20 16:45', paragraphs: ['晚上跑步黑漆漆的，报修电话一直没人接。'] },
]

/** Threads beyond the fixed ones, for the benchmark's 2,000-page board. */
function generated(i: number): ForumThread {
  const minutes = i % 60
  return {
    tid: 5000 + i,
    title: `第${i}号帖：关于青溪县第${i % 30}村道路维修的建议`,
    author: `村民${i % 97}`,
    shown: `2026-9-${(i % 28) + 1} 1${i % 10}:${String(minutes).padStart(2, '0')}`,
    paragraphs: Array.from({ length: 6 }, (_, p) => `第${p + 1}段：村里的路坑坑洼洼，下雨天电动车很难走，希望镇里尽快安排修补，谢谢各位领导关心。`),
  }
}

export interface Forum {
  pages: number
  list(page: number): string | undefined
  thread(tid: number): string | undefined
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)

function layout(title: string, body: string): string {
  // Discuz X3 pages: XHTML doctype, charset only in this meta (the server sends none).
  return `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset=gbk" />
<title>${escape(title)} - 青溪论坛 - Powered by Discuz!</title></head>
<body><div id="hd"><a href="forum.php">青溪论坛</a></div>${body}<div id="ft">Powered by Discuz! X3.4</div></body></html>`
}

export function createForum(threadCount: number, pageSize: number): Forum {
  const threads = [...FORUM_THREADS, ...Array.from({ length: Math.max(0, threadCount - FORUM_THREADS.length) }, (_, i) => generated(i))]
  const byTid = new Map(threads.map((t) => [t.tid, t]))
  const sticky = threads.find((t) => t.tid === 1004)
  const pages = Math.max(1, Math.ceil(threads.length / pageSize))
  const row = (t: ForumThread, href: string, kind: string) =>
    `<tbody id="${kind}_${t.tid}"><tr><th class="common"><a href="${href}" onclick="atarget(this)" class="s xst">${escape(t.title)}</a></th>
<td class="by"><cite><a href="space-uid-${t.tid % 50}.html">${escape(t.author)}</a></cite><em><span>${escape(t.shown)}</span></em></td>
<td class="by"><a href="thread-${t.tid}-1-1.html?from=portal#lastpost">最后回复</a></td></tr></tbody>`
  return {
    pages,
    list(page) {
      if (page < 1 || page > pages) return undefined
      const items = threads.slice((page - 1) * pageSize, page * pageSize).filter((t) => t !== sticky)
      // Discuz repeats sticky threads on every page, here with the tracking parameters a portal link carries.
      const stickyRow = sticky ? row(sticky, `thread-${sticky.tid}-1-1.html?from=portal&amp;utm_source=wx#pid1`, 'stickthread') : ''
      const next = page < pages ? `<a href="forum-2-${page + 1}.html" class="nxt">下一页</a>` : ''
      return layout(
        '青溪杂谈',
        `<table id="threadlisttableid">${stickyRow}${items.map((t) => row(t, `thread-${t.tid}-1-1.html`, 'normalthread')).join('\n')}</table>
<div class="pg"><strong>${page}</strong><label>/ ${pages} 页</label>${next}</div>`,
      )
    },
    thread(tid) {
      const t = byTid.get(tid)
      if (!t) return undefined
      return layout(
        t.title,
        `<div id="pt"><a href="forum-2-1.html">青溪杂谈</a></div>
<div id="postlist"><h1 class="ts"><span id="thread_subject">${escape(t.title)}</span></h1>
<div id="post_1"><table><tr><td class="pls"><div class="authi"><a href="space-uid-${t.tid % 50}.html" class="xw1">${escape(t.author)}</a></div></td>
<td class="plc"><div class="pi"><div class="authi"><em id="authorposton1">发表于 ${escape(t.shown)}</em></div></div>
<div class="t_fsz"><table><tr><td class="t_f" id="postmessage_1">&nbsp; ${t.paragraphs.map(escape).join('<br />\n')}</td></tr></table></div></td></tr></table></div>
<div id="post_2"><table><tr><td class="pls"><div class="authi"><a href="space-uid-7.html" class="xw1">路过的</a></div></td>
<td class="plc"><div class="pi"><div class="authi"><em id="authorposton2">发表于 刚刚</em></div></div>
<div class="t_fsz"><table><tr><td class="t_f" id="postmessage_2">顶一下，同问。</td></tr></table></div></td></tr></table></div></div>`,
      )
    },
  }
}
