/** The LLM guardrails hold a variant to the extractive summary's copy rules (#14). */
import { describe, expect, it } from 'vitest';
import { graphemeLength } from '../../src/text/length-counters.js';
import { checkVariants, copyProblem, type GuardrailContext } from '../../src/summaries/llm/guardrails.js';
import { buildMessages } from '../../src/summaries/llm/prompt.js';

const x = { id: 'x', limit: 280, count: graphemeLength, sentences: 1 };
const facebook = { id: 'facebook', limit: 63_206, count: graphemeLength, sentences: 2 };
const source =
  'The Central Bank of Sri Lanka kept its policy rate at 8 per cent on Wednesday. Governor P. Nandalal Weerasinghe said inflation would return to its 5 per cent target. Analysts had expected the decision.';
const ctx: GuardrailContext = { title: 'Sri Lanka holds rates', source, url: 'https://e.com/a', networks: [x, facebook], allowedHashtags: ['Economy'] };

describe('copyProblem', () => {
  it('passes whole sentences within the budget', () => {
    expect(copyProblem(x, 'The Central Bank of Sri Lanka kept its policy rate at 8 per cent on Wednesday.')).toBeUndefined();
    expect(copyProblem(facebook, 'The bank held rates. Analysts had expected the decision.')).toBeUndefined();
    expect(copyProblem({ ...x, id: 'x' }, 'اسٹیٹ بینک نے شرح سود برقرار رکھی۔')).toBeUndefined();
  });

  it.each([
    [x, 'The bank held rates. Analysts had expected the decision.', /x variant has 2 sentences \(at most 1\)/],
    [facebook, 'The bank held rates. Analysts expected it. Governor Weerasinghe spoke.', /facebook variant has 3 sentences \(at most 2\)/],
    [x, 'The Central Bank of Sri Lanka kept its policy rate at 8 per…', /unfinished sentence/],
    [x, 'The Central Bank of Sri Lanka kept its policy rate at 8 per cent', /unfinished sentence/],
    [x, 'COLOMBO (Reuters) - The bank held rates.', /opens with a dateline/],
    [x, 'Read more: the bank held rates.', /boilerplate/],
    [facebook, 'The bank held rates. We may earn a commission on purchases.', /boilerplate/],
  ])('%s: %s', (net, text, problem) => {
    expect(copyProblem(net, text)).toMatch(problem);
  });

  it('rejects a first sentence that restates the headline, accepts one that adds facts', () => {
    expect(copyProblem(x, 'Sri Lanka holds its interest rates.', 'Sri Lanka holds rates')).toBe('x variant restates the headline');
    expect(copyProblem(x, 'Sri Lanka holds rates at 8 per cent.', 'Sri Lanka holds rates')).toBeUndefined();
  });
});

describe('checkVariants with the copy rules', () => {
  it('rejects an over-budget variant and accepts a hook with an allowed tag', () => {
    const over = checkVariants({ x: 'The bank held rates. Analysts had expected the decision.', facebook: 'The bank held rates.' }, ctx);
    expect(over).toMatchObject({ ok: false, problem: 'x variant has 2 sentences (at most 1)' });
    const good = checkVariants({ x: 'The Central Bank of Sri Lanka kept its policy rate at 8 per cent on Wednesday. #Economy', facebook: 'Analysts had expected the decision.' }, ctx);
    expect(good).toEqual({ ok: true });
  });

  it('the prompt asks for the sentence budget and no boilerplate', () => {
    const [system] = buildMessages({ title: 't', text: 'x', language: 'English', networks: [{ id: 'x', room: 150, sentences: 1 }] });
    expect(system?.content).toContain('at most 1 sentence(s) and 150 characters');
    expect(system?.content).toMatch(/No datelines/);
  });
});
