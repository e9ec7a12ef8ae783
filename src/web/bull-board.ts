import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { WebContext } from './web-context.js';
import { allQueues } from './queue-history.js';
import { BULL_BOARD_PATH } from './security.js';

/**
 * Bull Board for every Crier queue, read-only: retrying or removing a publish job behind the
 * ledger's back would desynchronise them, so changes go through the desk. Job data holds ids only
 * (see src/queues/jobs.ts) and the board renders through React, which escapes text. Viewers see
 * the board too, so it tells nothing about the server: no Redis version, OS, memory or port
 * (`hideRedisDetails`, its stats endpoint answers 403) and no worker list (`showWorkers: false`:
 * CLIENT LIST names hosts and their addresses; the ops page shows whether workers run).
 */
export async function registerBullBoard(app: FastifyInstance, ctx: WebContext): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: allQueues(ctx).map((q) => new BullMQAdapter(q, { readOnlyMode: true, allowRetries: false })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Crier queues', hideRedisDetails: true, showWorkers: false } },
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: BULL_BOARD_PATH });
}
