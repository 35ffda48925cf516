import { client, unwrap, type SourcesResponse } from '../api.ts'
import { formatTime } from '../format.ts'
import { href } from '../hash-route.ts'
import { useT, type WordKey } from '../i18n.tsx'
import { ScrollRegion } from '../scroll-region.tsx'
import { useFetch } from '../use-fetch.ts'

const STATUS_WORDS: Record<SourcesResponse['items'][number]['last']['status'], WordKey> = {
  ok: 'crawlOk',
  partial: 'crawlPartial',
  empty: 'crawlEmpty',
  failed: 'crawlFailed',
  running: 'crawlRunning',
}

/**
 * How each source's crawls go: the latest one, what went wrong first, how many in a row went
 * wrong and when one last found posts. A source that fails quietly is posts nobody sees.
 */
export function SourcesPage() {
  const t = useT()
  // Crawls run every few minutes: the page follows them.
  const sources = useFetch<SourcesResponse>('sources', () => unwrap(client.api.sources.$get()), 30_000)
  return (
    <main className="single">
      <section className="card">
        <div className="card-head">
          <h2>{t('sources')}</h2>
          <a href={href('')}>← {t('navHome')}</a>
        </div>
        <p className="muted">{t('sourcesHint')}</p>
        {sources.error ? <p className="error">{sources.error}</p> : null}
        {sources.data?.items.length === 0 ? <p className="empty">{t('noSources')}</p> : null}
        {sources.data && sources.data.items.length > 0 ? (
          <ScrollRegion label={t('sources')}>
            <table className="rules sources" data-testid="sources">
              <thead>
                <tr>
                  <th>{t('source')}</th>
                  <th>{t('state')}</th>
                  <th>{t('lastCrawl')}</th>
                  <th className="num">{t('newPosts')}</th>
                  <th className="num">{t('knownPosts')}</th>
                  <th className="num">{t('failedPages')}</th>
                  <th>{t('problem')}</th>
                  <th>{t('lastGood')}</th>
                </tr>
              </thead>
              <tbody>
                {sources.data.items.map(({ source, last, lastGoodAt, badRuns, stalledSince }) => (
                  <tr key={source} data-source={source}>
                    <td>
                      <b>{last.name ?? source}</b>
                      {last.name ? (
                        <>
                          <br />
                          <small className="muted">{source}</small>
                        </>
                      ) : null}
                    </td>
                    <td>
                      <span className={`state crawl-${last.status}`}>{t(STATUS_WORDS[last.status])}</span>
                      {badRuns > 1 ? <small className="bad-runs"> ×{badRuns}</small> : null}
                      {stalledSince ? (
                        <span className="state crawl-failed stalled" title={`${t('stalledHint')} ${Math.round(last.intervalMs / 60_000)} min`}>
                          {t('stalled')}
                        </span>
                      ) : null}
                    </td>
                    <td>{formatTime(last.finishedAt)}</td>
                    <td className="num">{last.queued}</td>
                    <td className="num">{last.known}</td>
                    <td className="num">{last.failures}</td>
                    <td className="problem">{last.problem ?? '—'}</td>
                    <td>{lastGoodAt ? formatTime(lastGoodAt) : t('never')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        ) : null}
      </section>
    </main>
  )
}
