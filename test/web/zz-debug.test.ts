import { test } from 'vitest';
import { createPublishWorker } from '../../workers/publish.worker.js';
import { enqueuePublish } from '../../workers/summarise.worker.js';
import { startWebHarness } from './web-harness.js';
import { setChannelPaused } from '../../src/web/actions.js';
test('debug', async () => {
  const h = await startWebHarness({ outbox: { dir: '/tmp/crier-dbg-outbox' } });
  const fb = h.ctx.config.channels.find((c) => c.id === 'facebook')!;
  const w = createPublishWorker(h.ctx, fb);
  w.on('failed', (j, e) => console.log('failed', e.message));
  const t0 = { v: 0 }; w.on('completed', () => console.log('completed after resume ms', Date.now() - t0.v));
  try {
    const key = await h.seedArticle();
    const postId = await h.seedPost(key, 'facebook', 'queued');
    await setChannelPaused(h.ctx, 'facebook', true, 't');
    await enqueuePublish(h.ctx, fb, key, postId);
    await new Promise((r) => setTimeout(r, 1500));
    console.log('paused state', (await h.ctx.posts.get(postId))?.state, await (await h.ctx.publishQueue('facebook').getJob(postId))?.getState());
    t0.v = Date.now(); await setChannelPaused(h.ctx, 'facebook', false, 't');
    await new Promise((r) => setTimeout(r, 8000));
    const job = await h.ctx.publishQueue('facebook').getJob(postId);
    console.log(await h.ctx.posts.get(postId), await job?.getState(), job?.failedReason);
  } finally { await w.close(); await h.close(); }
});
