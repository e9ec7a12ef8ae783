import { describe, expect, it } from 'vitest';
import { jobRetention, KEEP_COMPLETED_JOBS, KEEP_FAILED_JOBS } from '../../src/queues/jobs.js';

describe('how long BullMQ keeps finished jobs (#18)', () => {
  it('by age and by count, never for the ledger retention', () => {
    expect(jobRetention({ keepCompletedHours: 24, keepFailedDays: 14 })).toEqual({
      removeOnComplete: { age: 86_400, count: KEEP_COMPLETED_JOBS },
      removeOnFail: { age: 14 * 86_400, count: KEEP_FAILED_JOBS },
    });
    expect(KEEP_COMPLETED_JOBS).toBeLessThanOrEqual(1_000);
  });
});
