// The hostile bodies in a process of their own. Run first in the analyzer's process, they slowed its
// ratio to segmentation on real posts by about 0.025 (0.355–0.383 against 0.387–0.404, four runs):
// V8 had compiled the analyzer for 200,000-character runs of one-byte text as well.
import { benchHostile } from './hostile.ts'

benchHostile()
