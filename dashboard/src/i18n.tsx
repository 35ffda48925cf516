import { createContext, useContext, useEffect, useState, type ReactNode } from 'react'
import { TASK_STATE_NAMES } from '@yuqing/core/task-state-names'

export type Lang = 'zh' | 'en'

/** Every label of the dashboard: Chinese first, English beside it. */
const WORDS = {
  appName: ['舆情监测', 'Public opinion monitor'],
  tagline: ['每日热词 · 负面趋势 · 一键处置', 'Daily hot words · negative trends · one-click handling'],
  navHome: ['今日', 'Today'],
  navSearch: ['帖子搜索', 'Posts'],
  navAlerts: ['预警', 'Alerts'],
  navTasks: ['处置任务', 'Tasks'],
  navRules: ['预警规则', 'Rules'],
  signOut: ['退出', 'Sign out'],
  loading: ['加载中…', 'Loading…'],
  loadFailed: ['加载失败：', 'Failed to load: '],
  day: ['日期', 'Day'],
  board: ['热词榜', 'Hot words'],
  rank: ['排名', 'Rank'],
  term: ['热词', 'Term'],
  count: ['帖子数', 'Posts'],
  change: ['较昨日', 'vs yesterday'],
  last7: ['近 7 天', 'Last 7 days'],
  negShare: ['负面占比', 'Negative'],
  newEntry: ['新上榜', 'new'],
  flat: ['持平', 'same'],
  wordCloud: ['词云', 'Word cloud'],
  noPosts: ['这一天还没有帖子，换个日期试试。', 'No posts on this day yet; pick another day.'],
  topics: ['负面话题', 'Negative topics'],
  noTopics: ['这一天没有上升的话题。', 'No rising topics on this day.'],
  volume: ['帖子', 'posts'],
  growth: ['增长', 'growth'],
  isNew: ['新话题', 'new topic'],
  volume30: ['近 30 天帖子量与负面占比', 'Posts and negative share, last 30 days'],
  rising: ['持续升温', 'Rising steadily'],
  risingHint: ['占当天帖子比例连续上升 3 天以上的词', 'Words whose share of the day’s posts rose three days in a row or more'],
  noRising: ['这一天没有连续上升的词。', 'No word rose steadily up to this day.'],
  risesFor: ['连升天数', 'days rising'],
  places: ['各地动态', 'Places'],
  placesHint: ['词典里标为地名（ns）的词，按当天帖子数', 'Words your dictionaries tag ns (place), by posts that day'],
  noPlaces: ['这一天没有帖子提到词典里的地名。', 'No post of this day mentions a place of your dictionaries.'],
  place: ['地点', 'Place'],
  sources: ['来源', 'Sources'],
  sourcesHint: ['每个来源最近一次抓取的结果。连续出错的来源意味着漏掉的帖子：检查它的网址和选择器（pnpm yuqing sources check）。', 'Each source’s latest crawl. A source that keeps failing means posts nobody sees: check its URLs and selectors (pnpm yuqing sources check).'],
  noSources: ['还没有来源抓取过。', 'No source has been crawled yet.'],
  newPosts: ['新帖', 'New'],
  knownPosts: ['已有', 'Known'],
  failedPages: ['失败页', 'Failed pages'],
  problem: ['问题', 'Problem'],
  lastGood: ['上次正常', 'Last found posts'],
  crawlOk: ['正常', 'ok'],
  crawlPartial: ['部分失败', 'some pages failed'],
  crawlEmpty: ['未找到帖子', 'found no posts'],
  crawlFailed: ['失败', 'failed'],
  crawlRunning: ['抓取中', 'crawling'],
  stalled: ['停滞', 'stalled'],
  stalledHint: ['早该再抓取了：抓取进程还在运行吗？应每', 'long overdue for its next crawl: is the crawler running? Due every'],
  sourcesAllOk: ['个来源正常', 'sources ok'],
  sourcesBad: ['个来源异常', 'sources failing'],
  handle: ['处置', 'Create task'],
  firingAlerts: ['条预警正在触发', 'alerts firing'],
  overdueTasks: ['个任务已超期', 'tasks overdue'],
  openTasks: ['个待处理任务', 'open tasks'],
  postsOfDay: ['条帖子', 'posts'],
  rightNow: ['当前：', 'Now:'],
  liveCountHint: ['打开页面以来有新消息的预警', 'Alerts with a new message since this page was opened'],
  backToToday: ['回到今日', 'Back to today'],
  boardOf: ['热词榜', 'board'],
  lastCrawl: ['上次抓取', 'Last crawl'],
  crawling: ['正在抓取…', 'Crawling…'],
  storedThisRun: ['本次运行入库', 'stored this run'],
  trend: ['走势（近 30 天）', 'Trend (30 days)'],
  last30: ['近 30 天', 'Last 30 days:'],
  postsUnit: [' 条', ' posts'],
  relatedPosts: ['相关帖子', 'Posts'],
  reportsMenu: ['日报与导出', 'Brief & exports'],
  dailyBrief: ['日报', 'Daily brief'],
  briefPdf: ['日报 PDF', 'Brief (PDF)'],
  boardXlsx: ['热词 Excel', 'Hot words (Excel)'],
  topicsXlsx: ['话题 Excel', 'Topics (Excel)'],
  termReport: ['事件报告', 'Event report'],
  termReportPdf: ['PDF', 'PDF'],
  spread: ['当天传播', 'How it spread'],
  spreadHint: ['按小时的帖子数，高峰标红', 'Posts an hour, the peak in red'],
  noSpread: ['这一天没有提到它的帖子。', 'No post mentioned it on this day.'],
  peakHour: ['高峰', 'Peak'],
  firstPost: ['首发', 'First post'],
  firstPostHint: ['近 30 天内最早提到它的帖子', 'The earliest post mentioning it in the last 30 days'],
  sourcesOfDay: ['来源分布', 'Sources'],
  relatedWords: ['相关词', 'Related words'],
  relatedWordsHint: ['与它同现于两条帖子以上的关键词', 'Keywords that come with it in two posts or more'],
  newestOnly: ['按最新帖子统计：', 'Counted from the newest posts: '],
  total: ['共', 'Total'],
  noMatch: ['没有找到相关帖子。', 'No posts found.'],
  alreadyHandled: ['已从这里建过任务：', 'Tasks already opened from here:'],
  allRuleHits: ['这条规则从预警当天起命中的全部帖子', 'Every post this rule hit from the alert’s day on'],
  singleCharacterHint: ['单个字只找到它单独成词的帖子（“桥”找不到“大桥”）：换成两个字以上的词试试。', 'A single character finds only posts where it is a word of its own (桥 does not find 大桥): try a word of two characters or more.'],
  untitled: ['（无标题）', '(untitled)'],
  reposts: ['条相似转发已折叠', 'similar reposts folded'],
  duplicateOf: ['相似转发', 'near-duplicate repost'],
  originalPost: ['原帖', 'Original'],
  original: ['原文', 'original'],
  post: ['帖子', 'Post'],
  wave: ['转发波次', 'Repost wave'],
  similarReposts: ['条相似转发', 'similar reposts'],
  noReposts: ['暂无相似转发。', 'No similar reposts.'],
  repostNote: ['这是一条相似转发，它所在的转发波次见原帖。', 'This post nearly repeats an earlier one; its repost wave is on the original.'],
  fromDay: ['起始日期', 'From'],
  toDay: ['截止日期', 'To'],
  badRange: ['起始日期晚于截止日期。', 'The start day is after the end day.'],
  search: ['搜索', 'Search'],
  searchPlaceholder: ['搜索帖子，如：大桥 施工', 'Search posts, e.g. 大桥 施工'],
  searchHint: [
    '输入词语（空格分开，帖子须含每一个），或只选来源、日期、规则，再点“搜索”。',
    'Type words (separated by spaces; a post must hold every one), or pick only a source, days or a rule, then Search.',
  ],
  source: ['来源', 'Source'],
  sentiment: ['情感', 'Sentiment'],
  rule: ['规则', 'Rule'],
  fold: ['折叠转发', 'Fold reposts'],
  any: ['全部', 'Any'],
  keywords: ['关键词', 'Keywords'],
  ruleHits: ['命中规则', 'Rules hit'],
  openTask: ['打开任务', 'Open the task'],
  ruleHitsHint: ['这条规则命中的全部帖子', 'Every post this rule hit'],
  sentimentScore: ['情感分', 'sentiment'],
  relabel: ['改判情感', 'Relabel'],
  matchedTermHint: ['这个词当天的传播与帖子', 'How this word spread that day, and its posts'],
  postPage: ['帖子页', 'Post page'],
  relabelledOnly: ['只看人工改判', 'Relabelled only'],
  relabelledOnlyHint: ['情感被人工改判过的帖子', 'Posts whose sentiment staff relabelled'],
  relabelledXlsx: ['导出改判 Excel', 'Export relabelled (Excel)'],
  relabelledBy: ['人工改判：', 'Relabelled by '],
  followedOriginal: ['随原帖改判：', 'Followed its original, relabelled by '],
  dueMissing: ['请填写期限（日期和时间）', 'Enter a due date and time'],
  confirmLabel: ['确认为本人判断：此后不再随原帖改判', 'Confirm as your own label: it no longer follows its original'],
  waveRelabelled: ['同一转发波的相似帖子一并改判：', 'Reposts of its wave relabelled with it: '],
  modelSaid: ['模型原判', 'the model said'],
  moreColumnsRight: ['左右滑动表格，右边还有几列 →', 'Swipe the table: more columns to the right →'],
  moreColumnsLeft: ['← 左边还有几列', '← More columns to the left'],
  sentimentScoreHint: ['−1 最负面，+1 最正面', '−1 most negative, +1 most positive'],
  official: ['官方来源', 'official source'],
  officialNote: [
    '官方通报与新闻的措辞：模型与情感词典判断一致时才计为负面或正面，否则计为中性；情感分是模型的倾向。',
    'Wording of official notices and news: counted negative or positive only where the model and the sentiment lexicon agree, else neutral; the score is the model’s lean.',
  ],
  negative: ['负面', 'negative'],
  neutral: ['中性', 'neutral'],
  positive: ['正面', 'positive'],
  prev: ['上一页', 'Previous'],
  next: ['下一页', 'Next'],
  alerts: ['预警', 'Alerts'],
  liveFeed: ['实时预警', 'Live feed'],
  liveOn: ['实时连接中', 'live'],
  liveOff: ['连接中断，重连中…', 'reconnecting…'],
  sound: ['声音提醒', 'Sound'],
  desktop: ['桌面通知', 'Desktop notification'],
  acknowledge: ['确认', 'Acknowledge'],
  acknowledged: ['已确认', 'acknowledged'],
  silence: ['静默 2 小时', 'Silence 2 h'],
  silenced: ['已静默', 'silenced'],
  firing: ['触发中', 'firing'],
  resolved: ['已恢复', 'resolved'],
  stateInactive: ['未触发', 'inactive'],
  statePending: ['待触发', 'pending'],
  kindMatch: ['逐帖命中', 'each post'],
  kindThreshold: ['数量阈值', 'threshold'],
  kindSpike: ['激增', 'spike'],
  kindNegativeShare: ['负面占比', 'negative share'],
  kindNewTerm: ['新词', 'new term'],
  severityCritical: ['严重', 'critical'],
  severityWarning: ['警告', 'warning'],
  severityInfo: ['提示', 'info'],
  noAlerts: ['暂无预警。', 'No alerts.'],
  evidence: ['证据帖子', 'Evidence'],
  countVsBaseline: ['命中数与基线', 'Count vs baseline'],
  countLabel: ['命中', 'count'],
  baselineLabel: ['基线', 'baseline'],
  deliveries: ['推送记录', 'Deliveries'],
  delivered: ['已送达', 'delivered'],
  noDeliveries: ['未推送：规则没有推送渠道，或预警发出时在静默中。预警只显示在面板上。', 'Not pushed: the rule has no channel, or the alert was silenced when it fired. It shows on the dashboard only.'],
  pending: ['待送达', 'pending'],
  matched: ['命中词', 'Matched'],
  tasks: ['处置任务', 'Tasks'],
  department: ['部门', 'Department'],
  assignee: ['承办人', 'Assignee'],
  due: ['期限', 'Due'],
  overdue: ['超期', 'overdue'],
  onlyOverdue: ['只看超期', 'Overdue only'],
  noTasks: ['暂无任务', 'No tasks'],
  tasksHint: [
    '还没有处置任务。在今日的负面话题、帖子或预警上点“处置”建立一个，证据帖子随任务保存。',
    'No tasks yet. Press “Create task” on a topic, a post or an alert to open one; its evidence posts are kept with it.',
  ],
  history: ['处置记录', 'History'],
  comments: ['评论', 'Comment'],
  addComment: ['发表评论', 'Add comment'],
  createTask: ['创建处置任务', 'Create a task'],
  title: ['标题', 'Title'],
  suggestedDept: ['建议交办部门', 'Suggested department'],
  assignNow: ['同时交办（填写承办人和期限）', 'Assign now (assignee and due time)'],
  create: ['创建任务', 'Create task'],
  cancel: ['取消', 'Cancel'],
  created: ['任务已创建', 'Task created'],
  open: ['查看', 'Open'],
  assign: ['交办', 'Assign'],
  start: ['开始办理', 'Start'],
  resolve: ['办结', 'Resolve'],
  evaluate: ['评价', 'Evaluate'],
  reopen: ['退回', 'Reopen'],
  resolution: ['办理结果', 'Resolution'],
  publicReply: ['对外回复', 'Public reply'],
  rating: ['评分（1–5）', 'Rating (1–5)'],
  remark: ['评语', 'Remark'],
  reason: ['退回原因', 'Reason'],
  save: ['提交', 'Submit'],
  rules: ['预警规则', 'Rules'],
  ruleFile: ['文件', 'File'],
  state: ['状态', 'State'],
  lastFired: ['上次触发', 'Last fired'],
  never: ['从未', 'never'],
  enabled: ['启用', 'enabled'],
  disabled: ['停用', 'disabled'],
  ruleErrors: ['规则文件错误', 'Rule file errors'],
  rulesOffline: ['预警引擎未在本进程运行。', 'The alert engine is not running in this process.'],
  preview: ['回测预览', 'Back-test preview'],
  previewHint: ['粘贴或编辑规则 YAML，保存前先看它过去 30 天会触发几次。', 'Paste or edit a rule’s YAML and see how often it would have fired in the last 30 days before saving it.'],
  runPreview: ['试运行', 'Run preview'],
  testsPassed: ['自带测试全部通过', 'own tests pass'],
  testsFailed: ['自带测试未通过', 'own tests fail'],
  wouldFire: ['过去 30 天会触发', 'would have fired in 30 days'],
  times: ['次', 'times'],
  postsRead: ['条帖子中命中', 'posts read, matched'],
  noBackTest: ['本进程不能回测（没有存储的帖子）。', 'No back-test in this process (no stored posts).'],
  line: ['行', 'line'],
  signIn: ['登录', 'Sign in'],
  userName: ['用户名', 'User name'],
  password: ['密码', 'Password'],
  language: ['English', '中文'],
  // Task states, named as the API names them (core's TASK_STATE_NAMES).
  states_triage: TASK_STATE_NAMES.triage,
  states_assigned: TASK_STATE_NAMES.assigned,
  states_in_progress: TASK_STATE_NAMES.in_progress,
  states_resolved: TASK_STATE_NAMES.resolved,
  states_evaluated: TASK_STATE_NAMES.evaluated,
} as const satisfies Record<string, readonly [string, string]>

export type WordKey = keyof typeof WORDS
export type Translate = (key: WordKey) => string

const LangContext = createContext<{ lang: Lang; setLang: (lang: Lang) => void }>({ lang: 'zh', setLang: () => undefined })
const STORAGE_KEY = 'yuqing.lang'

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh'))
  const setLang = (next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next)
    setLangState(next)
  }
  // The page's language, from the first render too (a reload in English): screen readers and the
  // stylesheet's fonts follow it.
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'
  }, [lang])
  return <LangContext.Provider value={{ lang, setLang }}>{children}</LangContext.Provider>
}

export function useLang() {
  return useContext(LangContext)
}

const SEVERITY_WORDS: Record<string, keyof typeof WORDS> = { critical: 'severityCritical', warning: 'severityWarning', info: 'severityInfo' }
const STATE_WORDS: Record<string, keyof typeof WORDS> = { inactive: 'stateInactive', pending: 'statePending', firing: 'firing', resolved: 'resolved' }

/** A rule's severity as staff read it; an unknown one as it is. */
export function severityLabel(t: Translate, severity: string): string {
  const key = SEVERITY_WORDS[severity]
  return key ? t(key) : severity
}

const KIND_WORDS: Record<string, keyof typeof WORDS> = { match: 'kindMatch', threshold: 'kindThreshold', spike: 'kindSpike', negative_share: 'kindNegativeShare', new_term: 'kindNewTerm' }

/** A rule's kind as staff read it (the rule file's word is its title); an unknown one as it is. */
export function kindLabel(t: Translate, kind: string): string {
  const key = KIND_WORDS[kind]
  return key ? t(key) : kind
}

/** A rule's or an alert's state as staff read it; an unknown one as it is. */
export function stateLabel(t: Translate, state: string): string {
  const key = STATE_WORDS[state]
  return key ? t(key) : state
}

/**
 * An alert's summary in the dashboard's language: the server writes it in Chinese (as channels
 * send it) and in English; an alert raised before it wrote English has the Chinese only.
 */
export function useSummary(): (alert: { summary: string; summaryEn?: string | null }) => string {
  const { lang } = useContext(LangContext)
  return (alert) => (lang === 'en' && alert.summaryEn ? alert.summaryEn : alert.summary)
}

export function useT(): Translate {
  const { lang } = useContext(LangContext)
  return (key) => WORDS[key][lang === 'zh' ? 0 : 1]
}
