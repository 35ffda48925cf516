// The crawl benchmark in a process of its own, so that its peak RSS is the crawler's and not the other benchmarks'.
import { benchCrawl } from './crawl.ts'

await benchCrawl()
