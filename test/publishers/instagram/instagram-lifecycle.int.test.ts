import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LivePublisher } from '../../../src/publishers/publisher.js';
import { GraphFake } from '../../fakes/graph-fake.js';
import { metaPublisher } from '../graph/meta-harness.js';

let fake: GraphFake;
beforeEach(async () => {
  fake = await new GraphFake().start();
});
afterEach(() => fake.stop());

describe('instagram lifecycle', () => {
  it('declares that nothing can be corrected or retracted through the API (the desk flags it), and offers no call', () => {
    const ig: LivePublisher = metaPublisher('instagram', fake);
    expect(ig.corrections).toEqual({ edit: false, reply: false, remove: false });
    expect([ig.edit, ig.reply, ig.remove]).toEqual([undefined, undefined, undefined]);
  });
});
